package io.steward.server.notify.internal.mail;

import java.time.Instant;

/**
 * A delivery status notification said mail to {@code address} cannot be delivered (permanent failure). The outbox
 * stops sending to the address until someone clears it. Published in the transaction that recorded the bounce.
 *
 * @param reason the diagnostic the report gave, for people to read
 */
public record MailBounced(String address, String reason, Instant at) {
}
