package io.steward.agent.transport;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.logging.Logger;

import io.steward.agent.config.SequenceFile;
import io.steward.protocol.AgentProtocol;
import io.steward.protocol.Messages;
import io.steward.protocol.patch.PatchMessages;
import io.steward.protocol.stream.StreamFrame;

/**
 * Delivers the agent's batches in order and at least once. Every batch gets the next sequence
 * number and goes to the spool first, then the spool is sent oldest first; so a crash, an
 * unreachable server or a 503 all leave the batch on disk for later, and the server's
 * idempotence on (device, seq) makes a resend harmless. After a retryable failure nothing is
 * sent until the backoff (or the server's Retry-After) has passed. Heartbeats are not spooled:
 * a late heartbeat says nothing, the next one replaces it. Patch scans are sent from their own thread and the task
 * worker, so every method holds the outbox's lock.
 *
 * <p>With a {@link StreamLink}, metric batches go over the protocol v2 stream while it is up, and over v1 whenever it
 * is not (an older server, a refused or unreachable stream); the spool, the seq and what the answers mean are the same.
 */
public final class Outbox {
    public static final String METRICS = "metrics";
    public static final String INVENTORY = "inventory";
    /** A patch scan ({@link io.steward.protocol.patch.PatchMessages.Scan}). */
    public static final String PATCHES = "patches";
    /** A backup report ({@link io.steward.protocol.backup.BackupMessages.Report}). */
    public static final String BACKUP = "backup";
    /** A round of security checks ({@link io.steward.protocol.security.SecurityCheckMessages.Results}). */
    public static final String SECURITY = "security";
    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    private final AgentHttp http;
    /** Null: metrics go over v1 only. */
    private final StreamLink stream;
    private final String deviceId;
    private final PrivateKey key;
    private final Spool spool;
    private final SequenceFile sequence;
    private final Backoff backoff;
    private final Clock clock;
    private Instant notBefore = Instant.MIN;
    /** The digest of the plan last fetched after a stream heartbeat named it ({@link #heartbeat}); null before. */
    private Long fetchedPlan;
    /** Who reads the server's answer to a kind of batch (the security plan comes back in it), by kind. */
    private final java.util.Map<String, java.util.function.Consumer<byte[]>> answers = new java.util.HashMap<>();

    /** What one pass over the spool achieved; {@code problem} is the last reason something was not delivered. */
    public record FlushResult(int delivered, int refused, int remaining, Optional<String> problem) {
        public boolean allDelivered() {
            return refused == 0 && remaining == 0;
        }
    }

    public Outbox(AgentHttp http, String deviceId, PrivateKey key, Spool spool, SequenceFile sequence, Backoff backoff, Clock clock) {
        this(http, null, deviceId, key, spool, sequence, backoff, clock);
    }

    /** Metrics over {@code stream} when it is up ({@link StreamLink}), everything else (and metrics otherwise) over v1. */
    public Outbox(AgentHttp http, StreamLink stream, String deviceId, PrivateKey key, Spool spool, SequenceFile sequence, Backoff backoff, Clock clock) {
        this.http = http;
        this.stream = stream;
        this.deviceId = deviceId;
        this.key = key;
        this.spool = spool;
        this.sequence = sequence;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * Hands the server's answer to each delivered batch of {@code kind} to {@code reader}, whenever it is delivered (a
     * spooled batch may go out with a later one); an answer it cannot read is its own business, never the outbox's.
     */
    public synchronized void onAnswer(String kind, java.util.function.Consumer<byte[]> reader) {
        answers.put(kind, reader);
    }

    /** Numbers the message, spools it and tries to send everything that waits. */
    public synchronized FlushResult submit(String kind, LongFunction<Object> messageForSeq) {
        long seq = sequence.next();
        spool.add(kind, seq, AgentJson.write(messageForSeq.apply(seq)));
        return flush();
    }

    /** Sends spooled batches oldest first until the spool is empty or the server should be left alone for a while. */
    public synchronized FlushResult flush() {
        int delivered = 0;
        int refused = 0;
        Optional<String> problem = Optional.empty();
        if (clock.instant().isBefore(notBefore)) {
            int waiting = spool.entries().size();
            return new FlushResult(0, 0, waiting, waiting == 0 ? Optional.empty() : Optional.of("backing off until " + notBefore));
        }
        for (Spool.Entry entry : spool.entries()) {
            Delivery outcome = send(entry);
            switch (outcome) {
                case Delivery.Delivered d -> {
                    spool.remove(entry);
                    backoff.reset();
                    delivered++;
                    java.util.function.Consumer<byte[]> reader = answers.get(entry.kind());
                    if (reader != null && d.body().length > 0) {
                        try {
                            reader.accept(d.body());
                        } catch (RuntimeException e) {
                            LOG.warning(() -> "unreadable answer to " + entry.kind() + " batch " + entry.seq() + ": " + e.getMessage());
                        }
                    }
                }
                case Delivery.Refused r -> {
                    LOG.warning(() -> "dropping " + entry.kind() + " batch " + entry.seq() + ": " + r.reason());
                    spool.remove(entry);
                    spool.addDropped(1);
                    refused++;
                    problem = Optional.of(r.reason());
                }
                case Delivery.Retry r -> {
                    Duration wait = backoff.nextDelay(r.retryAfter());
                    notBefore = clock.instant().plus(wait);
                    LOG.info(() -> entry.kind() + " batch " + entry.seq() + " stays spooled: " + r.reason() + "; next try in " + wait.toSeconds() + " s");
                    return new FlushResult(delivered, refused, spool.entries().size(), Optional.of(r.reason()));
                }
            }
        }
        return new FlushResult(delivered, refused, 0, problem);
    }

    /** One attempt at one spooled batch: metrics over the stream if it is to be had, the rest (and metrics otherwise) over v1. */
    private Delivery send(Spool.Entry entry) {
        byte[] body = entry.body();
        if (stream != null && METRICS.equals(entry.kind())) {
            try {
                Optional<Delivery> streamed = stream.deliver(entry.seq(), body);
                if (streamed.isPresent()) {
                    return streamed.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery.Retry("interrupted", Optional.empty());
            }
        }
        return http.post(pathOf(entry.kind()), body, deviceId, key);
    }

    /**
     * Sends a heartbeat with the drop count; on success the server knows those drops and the count restarts. On an open
     * stream it goes there (a frame, no signed request of its own), answered with the digest of the device's plan; only
     * when that digest is not the one of the plan this agent last fetched does a v1 heartbeat follow, whose answer
     * carries the plan. {@link Delivery.Delivered} with an empty body: delivered, the plan as before.
     */
    public synchronized Delivery heartbeat() {
        long dropped = spool.dropped();
        Optional<StreamFrame.Status> status = Optional.empty();
        if (stream != null) {
            try {
                status = stream.alive(dropped);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery.Retry("interrupted", Optional.empty());
            }
        }
        if (status.isPresent()) {
            spool.acknowledgeDropped(dropped);
            long plan = status.get().plan();
            if (fetchedPlan != null && fetchedPlan == plan) {
                return new Delivery.Delivered(200, new byte[0]);
            }
            Delivery fetched = v1Heartbeat();
            if (fetched instanceof Delivery.Delivered) {
                fetchedPlan = plan;
                return fetched;
            }
            // Heard on the stream all the same; the plan is fetched with the next heartbeat.
            LOG.warning("the server's plan changed but could not be fetched: " + fetched);
            return new Delivery.Delivered(200, new byte[0]);
        }
        return v1Heartbeat();
    }

    private Delivery v1Heartbeat() {
        long dropped = spool.dropped();
        Messages.Heartbeat hb = new Messages.Heartbeat(sequence.next(), clock.millis(), dropped);
        Delivery outcome = http.post(AgentProtocol.HEARTBEAT_PATH, AgentJson.write(hb), deviceId, key);
        if (outcome instanceof Delivery.Delivered) {
            spool.acknowledgeDropped(dropped);
        }
        return outcome;
    }

    /** When the next send may be tried; {@link Instant#MIN} when not backing off. */
    public synchronized Instant notBefore() {
        return notBefore;
    }

    private static String pathOf(String kind) {
        return switch (kind) {
            case METRICS -> AgentProtocol.METRICS_PATH;
            case INVENTORY -> AgentProtocol.INVENTORY_PATH;
            case PATCHES -> PatchMessages.SCAN_PATH;
            case BACKUP -> io.steward.protocol.backup.BackupMessages.REPORT_PATH;
            case SECURITY -> io.steward.protocol.security.SecurityCheckMessages.RESULTS_PATH;
            default -> throw new IllegalStateException("unknown spooled kind " + kind);
        };
    }
}
