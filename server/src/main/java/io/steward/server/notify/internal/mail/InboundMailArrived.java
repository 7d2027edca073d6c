package io.steward.server.notify.internal.mail;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * A mail was fetched from one of the MSP's mailboxes, exactly as the server holds it. The mailbox side publishes it and
 * marks the mail as taken on the server only after the (synchronous) listeners returned, so a crash in between fetches
 * it again: listeners must therefore be idempotent (the same mailbox and Message-ID, or the same bytes, twice is one
 * mail) and must keep a mail they cannot process, with the reason, rather than throw.
 *
 * @param mailbox           the mailbox's id
 * @param mailboxAddress    the mailbox's own address (mail from it is Steward's own, such as its self-test)
 * @param boundClient       the client every mail to this mailbox is for, or null when the sender decides
 * @param trustWithoutDmarc true when the MSP configured this mailbox, on purpose, to trust the From address without an
 *                          aligned DMARC pass (an internal relay that adds no Authentication-Results)
 * @param trustedAuthServId the authserv-id of the receiving server whose topmost Authentication-Results header counts
 * @param raw               the RFC 5322 message
 * @param receivedAt        when Steward fetched it
 */
public record InboundMailArrived(UUID mailbox, String mailboxAddress, ClientId boundClient, boolean trustWithoutDmarc, String trustedAuthServId,
                                 byte[] raw, Instant receivedAt) {
    public InboundMailArrived {
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(receivedAt, "receivedAt");
        trustedAuthServId = trustedAuthServId == null ? "" : trustedAuthServId;
    }
}
