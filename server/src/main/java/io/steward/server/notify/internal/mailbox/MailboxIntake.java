package io.steward.server.notify.internal.mailbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import io.steward.server.notify.internal.mail.InboundMailArrived;
import io.steward.server.shared.TenantContext;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.search.FlagTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands each unseen mail of an open folder to the mail pipeline: publishes {@link InboundMailArrived} with the
 * message's exact bytes inside a transaction, and only once that committed sets {@code \Seen} on the server. A crash or
 * a failing listener in between leaves the mail unseen, so the next pass fetches it again (the pipeline is idempotent).
 * Steward's own self-test messages are recognised here and never handed on.
 */
@Component
class MailboxIntake {
    private static final Logger log = LoggerFactory.getLogger(MailboxIntake.class);

    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final MailboxRepository repository;
    private final SelfTests selfTests;
    private final Clock clock;

    MailboxIntake(ApplicationEventPublisher events, TransactionTemplate transactions, MailboxRepository repository, SelfTests selfTests,
                  Clock clock) {
        this.events = events;
        this.transactions = transactions;
        this.repository = repository;
        this.selfTests = selfTests;
        this.clock = clock;
    }

    /** What one pass did. */
    record Pass(int handedOn, int selfTests, int failed) {
    }

    /**
     * Takes every unseen mail of the folder, oldest first, while {@code keepGoing} holds.
     *
     * @throws MessagingException when the connection fails (the watcher reconnects); a mail the pipeline refused is
     *                            counted as failed and left unseen instead
     */
    Pass takeUnseen(MailboxSettings m, IMAPFolder folder, BooleanSupplier keepGoing) throws MessagingException {
        Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        int handedOn = 0;
        int ownTests = 0;
        int failed = 0;
        for (Message message : unseen) {
            if (!keepGoing.getAsBoolean()) {
                break;
            }
            if (message.isExpunged()) {
                continue;
            }
            byte[] raw = raw(folder, message);
            Instant at = clock.instant();
            if (selfTests.recognise(m, message.getSubject(), at)) {
                message.setFlag(Flags.Flag.SEEN, true);
                ownTests++;
                continue;
            }
            try {
                TenantContext.runAsSystem(() -> transactions.executeWithoutResult(tx -> {
                    events.publishEvent(new InboundMailArrived(m.id(), m.address(), m.boundClient(), m.trustWithoutDmarc(), m.trustedAuthServId(),
                            raw, at));
                    repository.mailArrived(m.id(), at);
                }));
            } catch (RuntimeException e) {
                // Left unseen: the next pass hands it on again. The pipeline keeps what it cannot process, so this is a bug
                // or an outage (the database), not a bad mail; the status page shows it.
                failed++;
                log.error("Mailbox {}: a mail could not be handed on; it stays unseen and is fetched again", m.name(), e);
                TenantContext.runAsSystem(() -> repository.noted(m.id(), "A mail could not be handed on (it stays unseen): "
                        + ImapConnector.describe(e), clock.instant()));
                continue;
            }
            // After the commit: a crash before this line fetches the mail again, which the pipeline recognises.
            message.setFlag(Flags.Flag.SEEN, true);
            handedOn++;
        }
        return new Pass(handedOn, ownTests, failed);
    }

    /** The message exactly as the server holds it (BODY.PEEK[], so fetching does not set \Seen). */
    private static byte[] raw(IMAPFolder folder, Message message) throws MessagingException {
        Object bytes = folder.doCommand(p -> {
            BODY body = p.peekBody(message.getMessageNumber(), null);
            return body == null ? null : body.getByteArray().getNewBytes();
        });
        if (bytes == null) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                message.writeTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new MessagingException("could not read message " + message.getMessageNumber(), e);
            }
        }
        return (byte[]) bytes;
    }
}
