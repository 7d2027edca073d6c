package io.steward.server.servicedesk;

import java.util.UUID;

/** A canned reply: the MSP's own wording for a frequent answer, with placeholders ({@link CannedText}) filled in per ticket. */
public record CannedReply(UUID id, String name, String body, int version) {
}
