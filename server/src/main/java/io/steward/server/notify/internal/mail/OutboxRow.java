package io.steward.server.notify.internal.mail;

import java.util.List;
import java.util.UUID;

/** A claimed outbox row, everything needed to compose and send it. */
record OutboxRow(UUID id, UUID claim, String kind, String to, String toName, String subject, String text, String html, String messageId,
                 String inReplyTo, List<String> references, boolean automatic, int attempts) {
}
