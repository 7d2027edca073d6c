package io.steward.server.notify.internal.mailbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.steward.server.notify.internal.mail.InboundMailArrived;
import io.steward.server.shared.TenantContext;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.search.FlagTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.MessageSet;
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
    private static final int CHUNK = 50;
    private static final int BULK_BYTES = 1024 * 1024;
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
        for (int from = 0; from < unseen.length && keepGoing.getAsBoolean(); from += CHUNK) {
            // A few commands per chunk instead of three per mail: with a provider tens of milliseconds away, round trips
            // and not the pipeline would set the pace (and on loopback, servers that answer in small writes cost 40 ms each).
            Message[] chunk = Arrays.copyOfRange(unseen, from, Math.min(unseen.length, from + CHUNK));
            FetchProfile envelopes = new FetchProfile();
            envelopes.add(FetchProfile.Item.ENVELOPE);
            envelopes.add(FetchProfile.Item.SIZE);
            folder.fetch(chunk, envelopes);
            Map<Integer, byte[]> bodies = raw(folder, chunk);
            List<Message> taken = new ArrayList<>();
            for (Message message : chunk) {
                if (!keepGoing.getAsBoolean()) {
                    break;
                }
                if (message.isExpunged()) {
                    continue;
                }
                byte[] raw = bodies.containsKey(message.getMessageNumber()) ? bodies.get(message.getMessageNumber()) : raw(folder, message);
                Instant at = clock.instant();
                if (selfTests.recognise(m, message.getSubject(), at)) {
                    taken.add(message);
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
                taken.add(message);
                handedOn++;
            }
            // After the commits: a crash before this line fetches the chunk's mail again, which the pipeline recognises.
            if (!taken.isEmpty()) {
                folder.setFlags(taken.toArray(Message[]::new), new Flags(Flags.Flag.SEEN), true);
            }
        }
        return new Pass(handedOn, ownTests, failed);
    }

    /** The chunk's messages exactly as the server holds them, by message number, in one FETCH (BODY.PEEK[]: no \Seen). */
    private static Map<Integer, byte[]> raw(IMAPFolder folder, Message[] chunk) throws MessagingException {
        // Large mails are fetched one at a time (below), so that a chunk never holds more than CHUNK × BULK_BYTES.
        int[] numbers = Arrays.stream(chunk).filter(x -> !x.isExpunged() && size(x) <= BULK_BYTES).mapToInt(Message::getMessageNumber).toArray();
        Map<Integer, byte[]> bodies = new HashMap<>();
        if (numbers.length == 0) {
            return bodies;
        }
        folder.doCommand(p -> {
            Response[] responses = p.fetch(MessageSet.createMessageSets(numbers), "BODY.PEEK[]");
            for (Response r : responses) {
                if (r instanceof FetchResponse f && f.getItem(BODY.class) instanceof BODY body && body.getByteArray() != null) {
                    bodies.put(f.getNumber(), body.getByteArray().getNewBytes());
                }
            }
            p.notifyResponseHandlers(responses);
            p.handleResult(responses[responses.length - 1]);
            return null;
        });
        return bodies;
    }

    private static int size(Message message) {
        try {
            int size = message.getSize();
            return size < 0 ? Integer.MAX_VALUE : size;
        } catch (MessagingException e) {
            return Integer.MAX_VALUE;
        }
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
