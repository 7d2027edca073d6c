package io.steward.server.notify.internal.mail;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.notify.NotifyProperties.Smtp;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox: claims due rows under a lease, sends each over one SMTP connection per pass and records the
 * outcome of each mail as soon as it is known. A temporary failure (4xx, no connection, a refused sign-in) is tried
 * again after {@link Backoff}'s delays and ends FAILED with the reason; a permanent refusal of the recipient (5xx to
 * RCPT) ends BOUNCED and puts the address on the suppression list; a permanent refusal of the message ends FAILED.
 * Mail to a suppressed address is not sent (SUPPRESSED).
 *
 * <p>Exactly once, as far as SMTP allows: a row is marked SENT in its own commit right after the server accepted it.
 * A node that dies between the server's "250" and that commit leaves the row SENDING; after its lease another node
 * sends it again, with the same Message-ID. That window is one round trip to the database per mail.
 */
@Component
public class MailDelivery {
    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);

    private final OutboxDeliveryRepository outbox;
    private final SuppressionRepository suppressions;
    private final Smtp smtp;
    private final SmtpClient client;
    private final MailComposer composer;
    private final Clock clock;
    private volatile Status status = new Status(null, null, null);

    @Autowired
    MailDelivery(OutboxDeliveryRepository outbox, SuppressionRepository suppressions, ClientLogos logos, NotifyProperties properties, Clock clock) {
        this(outbox, suppressions, properties.mail(), properties.smtp(), logos::of, clock);
    }

    /** With another server than the configured one (tests). */
    MailDelivery(OutboxDeliveryRepository outbox, SuppressionRepository suppressions, NotifyProperties.Mail mail, Smtp smtp,
                 java.util.function.Function<io.steward.server.shared.ClientId, Optional<io.steward.server.tenancy.Logo>> logos, Clock clock) {
        this.outbox = outbox;
        this.suppressions = suppressions;
        this.smtp = smtp;
        this.client = smtp.configured() ? new SmtpClient(smtp, mail, clock) : null;
        this.composer = new MailComposer(mail, logos);
        this.clock = clock;
    }

    /**
     * What the last pass of this node saw: the time of its last attempt, of its last sent mail, and the last error
     * (cleared by a later success).
     */
    public record Status(Instant lastAttempt, Instant lastSent, String lastError) {
    }

    public boolean configured() {
        return client != null;
    }

    public Smtp settings() {
        return smtp;
    }

    public Status status() {
        return status;
    }

    /** Delivers what is due until a pass finds less than a full batch; answers how many mails were sent. */
    public int runDue() {
        int sent = 0;
        long deadline = System.nanoTime() + smtp.lease().toNanos() / 2;
        while (configured()) {
            Pass pass = pass(null);
            sent += pass.sent();
            if (pass.claimed() < smtp.batchSize() || System.nanoTime() > deadline) {
                break;
            }
        }
        return sent;
    }

    /** How many rows a pass claimed and how many of them it sent. */
    record Pass(int claimed, int sent) {
    }

    /** One pass over at most a batch of due rows, limited to {@code only} when not null (tests keep to their own mail). */
    Pass pass(Collection<UUID> only) {
        if (!configured()) {
            return new Pass(0, 0);
        }
        try (TenantContext.Entered ignored = TenantContext.enter(TenantScope.all())) {
            UUID claim = UUID.randomUUID();
            Instant now = clock.instant();
            Instant leaseUntil = now.plus(smtp.lease());
            List<OutboxRow> rows = outbox.claim(claim, now, leaseUntil, smtp.batchSize(), only);
            return new Pass(rows.size(), rows.isEmpty() ? 0 : send(rows, claim, leaseUntil));
        }
    }

    /**
     * Sends the claimed rows one by one while the lease holds with room for three more timeouts (connect, send, and
     * the mark; at most half the lease); rows it does not get to go back to the queue at once, so no other node can
     * take a row this one may still be sending.
     */
    private int send(List<OutboxRow> rows, UUID claim, Instant leaseUntil) {
        int sent = 0;
        Transport transport = null;
        java.util.Set<String> suppressed = suppressions.amongst(rows.stream().map(OutboxRow::to).toList());
        // Room for a connect, a send and the mark; never more than half the lease, so a short lease still sends.
        java.time.Duration margin = java.util.Collections.min(List.of(smtp.timeout().multipliedBy(3), smtp.lease().dividedBy(2)));
        try {
            for (int i = 0; i < rows.size(); i++) {
                OutboxRow row = rows.get(i);
                if (clock.instant().plus(margin).isAfter(leaseUntil)) {
                    outbox.release(rows.subList(i, rows.size()).stream().map(OutboxRow::id).toList(), claim, clock.instant());
                    break;
                }
                if (suppressed.contains(SuppressionRepository.normal(row.to()))) {
                    outbox.end(row.id(), row.claim(), "SUPPRESSED", row.to() + " is on the suppression list");
                    continue;
                }
                try {
                    if (transport == null || !transport.isConnected()) {
                        closeQuietly(transport);
                        transport = client.connect();
                    }
                    MimeMessage message = composer.compose(client.session(), row, clock.instant());
                    transport.sendMessage(message, message.getAllRecipients());
                    Instant at = clock.instant();
                    outbox.sent(row.id(), row.claim(), at);
                    status = new Status(at, at, null);
                    sent++;
                } catch (MessagingException | IOException | RuntimeException e) {
                    failed(row, e);
                }
            }
        } finally {
            closeQuietly(transport);
        }
        return sent;
    }

    private void failed(OutboxRow row, Exception e) {
        String reason = describe(e);
        Instant now = clock.instant();
        status = new Status(now, status.lastSent(), reason);
        Optional<Integer> code = smtpCode(e);
        if (e instanceof AddressException || e.getCause() instanceof AddressException) {
            outbox.end(row.id(), row.claim(), "FAILED", "not a valid address: " + reason);
        } else if (code.isPresent() && code.get() >= 500 && recipientRefused(e)) {
            suppressions.add(row.to(), reason, now);
            outbox.end(row.id(), row.claim(), "BOUNCED", reason);
        } else if (code.isPresent() && code.get() >= 500 && !(e instanceof jakarta.mail.AuthenticationFailedException)) {
            outbox.end(row.id(), row.claim(), "FAILED", reason);
        } else {
            Optional<java.time.Duration> wait = Backoff.after(row.attempts());
            if (wait.isPresent()) {
                outbox.retry(row.id(), row.claim(), now.plus(wait.get()), reason);
            } else {
                outbox.end(row.id(), row.claim(), "FAILED", "gave up after " + row.attempts() + " attempts: " + reason);
            }
        }
        log.warn("Mail {} ({}) to {} not sent: {}", row.id(), row.kind(), row.to(), reason);
    }

    /** The SMTP reply code in an exception or its chain, if the server gave one. */
    static Optional<Integer> smtpCode(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException a) {
                return Optional.of(a.getReturnCode());
            }
            if (t instanceof SMTPSendFailedException s && s.getReturnCode() > 0) {
                return Optional.of(s.getReturnCode());
            }
        }
        return Optional.empty();
    }

    private static boolean recipientRefused(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /** The most specific message in the chain: the server's reply, or what went wrong with the connection. */
    static String describe(Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = next(t)) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                deepest = t;
            }
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage().strip();
        return (deepest instanceof SendFailedException || deepest instanceof MessagingException || deepest instanceof IOException) ? message
                : deepest.getClass().getSimpleName() + ": " + message;
    }

    private static void closeQuietly(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // The mail is sent or marked; a failed QUIT changes nothing.
            }
        }
    }
}
