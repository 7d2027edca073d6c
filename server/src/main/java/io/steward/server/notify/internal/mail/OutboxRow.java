package io.steward.server.notify.internal.mail;

import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/** A claimed outbox row, everything needed to compose and send it. */
record OutboxRow(UUID id, UUID claim, ClientId client, String kind, String to, String toName, String subject, String text, String html, String messageId,
                 String inReplyTo, List<String> references, boolean automatic, int attempts) {
}
