package io.steward.agent.transport;

import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;

/**
 * The agent's end of protocol v2: one long-lived WebSocket to the server ({@link StreamProtocol}) that carries the
 * metric batches and, while it is open, the heartbeats ({@link #alive}), opened when the first batch needs it and kept
 * open with pings. {@link #deliver} turns a spooled v1 batch into a {@link StreamFrame.Batch} with the same seq, declares
 * the series it names that the connection does not know yet, sends it and waits for the server's answer, one batch at a
 * time (an agent sends one a minute; pipelining would buy it nothing and cost memory).
 *
 * <p>When the stream cannot be had, {@link #deliver} says so (empty) and the caller posts the batch over v1 as before:
 * an older server answers the upgrade 404, a device the server does not accept is closed with 4401 or 4403 (v1 then
 * gives the same refusal it always gave), or the server cannot be reached. The stream is tried again after a jittered
 * back-off: from 5–10 minutes up to an hour for the first kind, from 5 seconds up to 10 minutes when it could not be
 * reached. A connection lost while a batch waits for its answer leaves the batch to be resent (same seq: the server
 * stores it once) on a new connection.
 *
 * <p>Methods are called by the outbox under its lock, except {@link #keepAlive}, which the run loop calls between
 * other work and which only reads the current connection.
 */
public final class StreamLink implements AutoCloseable {
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration PING_EVERY = Duration.ofSeconds(25);
    private static final Logger LOG = Logger.getLogger(StreamLink.class.getName());
    /** Three pings without a word from the server: the connection is dead even if TCP has not noticed. */
    private static final int SILENT_PINGS = 3;
    /** Connections lost in a row with a batch in flight before the stream is given a rest and v1 carries the metrics. */
    private static final int LOSSES_BEFORE_REST = 3;

    private final AgentHttp http;
    private final String deviceId;
    private final PrivateKey key;
    private final String agentVersion;
    private final Clock clock;
    private final Duration answerTimeout;
    private final Duration pingEvery;
    /** After the stream could not be reached or broke. */
    private final Backoff reconnects;
    /** After the server said no to the stream itself (404, 4401, 4403): not worth asking again soon. */
    private final Backoff refusals;
    private volatile StreamSession session;
    private Instant retryAt = Instant.MIN;
    private int lossesInARow;

    public StreamLink(AgentHttp http, String deviceId, PrivateKey key, String agentVersion, Clock clock, RandomGenerator random) {
        this(http, deviceId, key, agentVersion, clock, random, ANSWER_TIMEOUT, PING_EVERY);
    }

    StreamLink(AgentHttp http, String deviceId, PrivateKey key, String agentVersion, Clock clock, RandomGenerator random,
               Duration answerTimeout, Duration pingEvery) {
        this.http = http;
        this.deviceId = deviceId;
        this.key = key;
        this.agentVersion = agentVersion;
        this.clock = clock;
        this.answerTimeout = answerTimeout;
        this.pingEvery = pingEvery;
        this.reconnects = new Backoff(Backoff.DEFAULT_INITIAL, Duration.ofMinutes(10), random);
        this.refusals = new Backoff(Duration.ofMinutes(10), Duration.ofHours(1), random);
    }

    /**
     * Sends one spooled metrics batch (v1 JSON) over the stream and waits for its answer: {@link Delivery.Delivered} for
     * an ack, {@link Delivery.Retry} for busy (with the server's wait), a lost connection or no answer in time,
     * {@link Delivery.Refused} when the server refused it for good; empty when the stream is not available and the batch
     * should go over v1.
     */
    public synchronized Optional<Delivery> deliver(long seq, byte[] spooledJson) throws InterruptedException {
        Messages.MetricBatch batch;
        try {
            batch = AgentJson.read(spooledJson, Messages.MetricBatch.class);
        } catch (AgentJson.JsonException e) {
            return Optional.empty(); // v1 gets it and refuses it with a reason, as it always did
        }
        List<Messages.Sample> samples = batch.samples() == null ? List.of() : batch.samples();
        if (!StreamBatches.fits(samples)) {
            return Optional.empty();
        }
        StreamSession s = connected();
        if (s == null) {
            return Optional.empty();
        }
        List<StreamFrame.SeriesDef> fresh = StreamBatches.undeclared(s.series, samples);
        if (s.series.size() + fresh.size() > StreamProtocol.MAX_SERIES) {
            // Ids are per connection: a new one starts numbering afresh.
            s.close(1000, "series ids used up");
            session = null;
            s = connected();
            if (s == null) {
                return Optional.empty();
            }
            fresh = StreamBatches.undeclared(s.series, samples);
            if (fresh.size() > StreamProtocol.MAX_SERIES) {
                return Optional.empty();
            }
        }
        StreamBatches.declare(s.series, fresh);
        if (!fresh.isEmpty() && !s.send(new StreamFrame.Declare(fresh), answerTimeout)) {
            return Optional.of(lost(s, "the stream broke while declaring series"));
        }
        if (!s.send(StreamBatches.frame(s.series, seq, samples), answerTimeout)) {
            return Optional.of(lost(s, "the stream broke while sending batch " + seq));
        }
        return answerTo(s, seq);
    }

    /**
     * Sends a heartbeat on the open connection ({@link StreamFrame.Alive}) and waits for the server's {@link StreamFrame.Status}.
     * Empty when no connection is open (a heartbeat never opens one: metrics do) or none came in time; the caller then
     * sends it over v1. A connection that fails here is dropped, so the next batch opens a new one.
     */
    public synchronized Optional<StreamFrame.Status> alive(long dropped) throws InterruptedException {
        StreamSession s = session;
        if (s == null || !s.isOpen()) {
            return Optional.empty();
        }
        if (!s.send(new StreamFrame.Alive(dropped), answerTimeout)) {
            s.abort("cannot send a heartbeat");
            session = null;
            return Optional.empty();
        }
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Object event = left <= 0 ? null : s.next(Duration.ofNanos(left));
            if (event instanceof StreamFrame.Status status) {
                return Optional.of(status);
            }
            if (event instanceof StreamSession.Closed c && (c.code() == StreamProtocol.CLOSE_FORBIDDEN || c.code() == StreamProtocol.CLOSE_UNAUTHENTICATED)) {
                refused(s, c);
                return Optional.empty();
            }
            if (event == null || event instanceof StreamSession.Closed) {
                s.abort(event == null ? "no answer to a heartbeat" : "closed");
                session = null;
                return Optional.empty();
            }
            // A late answer to a batch given up on earlier: not this one.
        }
    }

    /** Pings an open connection when it is due, and cuts one the server has gone silent on. Never blocks. */
    public void keepAlive() {
        StreamSession s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        if (clock.millis() - s.lastHeard() > SILENT_PINGS * pingEvery.toMillis()) {
            LOG.info("the server has not answered pings for " + SILENT_PINGS * pingEvery.toSeconds() + " s: closing the stream");
            s.abort("no answer to pings");
            return;
        }
        s.pingIfDue(pingEvery);
    }

    /** When {@link #keepAlive} should next run; {@link Instant#MAX} without a connection. */
    public Instant nextKeepAlive() {
        StreamSession s = session;
        return s == null || !s.isOpen() ? Instant.MAX : Instant.ofEpochMilli(s.nextPingMillis(pingEvery));
    }

    /** Whether a connection is open now (for logs and tests). */
    public boolean isUp() {
        StreamSession s = session;
        return s != null && s.isOpen();
    }

    @Override
    public void close() {
        StreamSession s = session;
        session = null;
        if (s != null) {
            s.close(StreamProtocol.CLOSE_GOING_AWAY, "agent stopping");
        }
    }

    private Optional<Delivery> answerTo(StreamSession s, long seq) throws InterruptedException {
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Object event = left <= 0 ? null : s.next(Duration.ofNanos(left));
            if (event == null) {
                s.abort("no answer");
                return Optional.of(lost(s, "no answer to batch " + seq + " within " + answerTimeout.toSeconds() + " s"));
            }
            if (event instanceof StreamSession.Closed c) {
                if (c.code() == StreamProtocol.CLOSE_FORBIDDEN || c.code() == StreamProtocol.CLOSE_UNAUTHENTICATED) {
                    refused(s, c);
                    return Optional.empty(); // v1 says what becomes of the batch (403: dropped, as always)
                }
                return Optional.of(lost(s, "the stream closed with batch " + seq + " in flight (" + c.code() + " " + c.reason() + ")"));
            }
            if (event instanceof StreamFrame.Ack a && a.seq() == seq) {
                settled();
                if (!a.rejected().isEmpty()) {
                    LOG.warning("the server rejected " + a.rejected().size() + " samples of batch " + seq + ", e.g. " + a.rejected().values().iterator().next());
                }
                return Optional.of(new Delivery.Delivered(200, new byte[0]));
            }
            if (event instanceof StreamFrame.Busy b && b.seq() == seq) {
                settled();
                Duration wait = Duration.ofSeconds(Math.max(0, Math.min(b.retryAfterSeconds(), RetryAfter.LONGEST.toSeconds())));
                return Optional.of(new Delivery.Retry("server busy: " + b.reason(), Optional.of(wait)));
            }
            if (event instanceof StreamFrame.Refused r && r.seq() == seq) {
                settled();
                return Optional.of(new Delivery.Refused(400, "server refused batch " + seq + " on the stream: " + r.reason()));
            }
            // An answer to another seq (a batch given up on earlier) or a frame the agent has no use for: not this answer.
        }
    }

    /** The open connection, opening one if none is and the back-off allows; null when the stream is not available now. */
    private StreamSession connected() throws InterruptedException {
        StreamSession s = session;
        if (s != null && s.isOpen()) {
            return s;
        }
        session = null;
        if (clock.instant().isBefore(retryAt)) {
            return null;
        }
        s = new StreamSession(clock);
        CompletableFuture<WebSocket> opening = http.openStream(s);
        try {
            opening.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                restFor(refusals, "the server answered the stream's upgrade with " + status
                        + (status == 404 ? " (a server before protocol v2)" : "") + ": metrics go over v1");
            } else {
                restFor(reconnects, "cannot open the stream (" + e.getCause() + "): metrics go over v1");
            }
            return null;
        } catch (TimeoutException e) {
            opening.cancel(true);
            restFor(reconnects, "the stream's upgrade was not answered in " + answerTimeout.toSeconds() + " s: metrics go over v1");
            return null;
        }
        Object challenge = s.next(answerTimeout);
        if (!(challenge instanceof StreamFrame.Challenge c)) {
            return notWelcome(s, challenge, "a challenge");
        }
        String signature = DeviceKeys.sign(key, StreamProtocol.helloText(deviceId, c.nonce()));
        if (!s.send(new StreamFrame.Hello(deviceId, signature, agentVersion), answerTimeout)) {
            return notWelcome(s, s.next(Duration.ZERO), "to send the hello");
        }
        Object welcome = s.next(answerTimeout);
        if (!(welcome instanceof StreamFrame.Welcome)) {
            return notWelcome(s, welcome, "a welcome");
        }
        refusals.reset();
        retryAt = Instant.MIN;
        session = s;
        LOG.info("metrics stream open (protocol v2)");
        return s;
    }

    private StreamSession notWelcome(StreamSession s, Object got, String expected) {
        if (got instanceof StreamSession.Closed c && (c.code() == StreamProtocol.CLOSE_FORBIDDEN || c.code() == StreamProtocol.CLOSE_UNAUTHENTICATED)) {
            refused(s, c);
        } else {
            s.abort("expected " + expected);
            restFor(reconnects, "the stream did not open (expected " + expected + ", got " + describe(got) + "): metrics go over v1");
        }
        return null;
    }

    private void refused(StreamSession s, StreamSession.Closed c) {
        s.abort("refused");
        session = null;
        restFor(refusals, "the server closed the stream with " + c.code() + " (" + c.reason() + "): metrics go over v1");
    }

    private void restFor(Backoff backoff, String why) {
        Duration wait = backoff.nextDelay(Optional.empty());
        retryAt = clock.instant().plus(wait);
        LOG.info(why + "; the stream is tried again in " + wait.toSeconds() + " s");
    }

    /** The batch stays spooled; a new connection is tried with the next delivery, or after a rest if this keeps happening. */
    private Delivery lost(StreamSession s, String why) {
        s.abort(why);
        session = null;
        lossesInARow++;
        Duration wait = reconnects.nextDelay(Optional.empty());
        if (lossesInARow >= LOSSES_BEFORE_REST) {
            retryAt = clock.instant().plus(wait);
            lossesInARow = 0;
            LOG.info(LOSSES_BEFORE_REST + " stream connections in a row lost a batch: metrics go over v1 for " + wait.toSeconds() + " s");
        }
        return new Delivery.Retry(why, Optional.empty());
    }

    private void settled() {
        lossesInARow = 0;
        reconnects.reset();
    }

    private static String describe(Object event) {
        if (event == null) {
            return "nothing in time";
        }
        if (event instanceof StreamSession.Closed c) {
            return "close " + c.code() + " " + c.reason();
        }
        return event.getClass().getSimpleName();
    }
}
