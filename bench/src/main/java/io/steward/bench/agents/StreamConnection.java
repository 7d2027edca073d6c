package io.steward.bench.agents;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.steward.protocol.stream.StreamCodec;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;

/**
 * One simulated agent's own WebSocket, as the real agent will hold it: opened once, authenticated once (the server's
 * challenge, a hello signed with the device key, the welcome), its series declared once, then batches pipelined up to a
 * window and answered by sequence number in whatever order the server commits them. A Busy batch is resent after the
 * delay the server asks for (same bytes, same sequence number); a Refused one is dropped. If the connection breaks, it
 * is opened again after a pause and every unanswered batch is resent on the new one (the server stores a resend once).
 *
 * <p>Each attempt to connect is a {@link Link} of its own, so that whatever a dead attempt still reports (a late
 * failure, a late open, a send completing) is told apart from the current one and counted once; an attempt that has not
 * reached the welcome within {@link #STUCK_SECONDS} is given up and counted as stuck (a server that stops accepting
 * connections leaves them half open).
 *
 * <p>Threads: the fleet's scheduler calls {@link #trySend}; the WebSocket's listener callbacks run on the client's
 * executor, one at a time per connection. The window and the current link are guarded by this object's monitor, the
 * send chain by its own lock (the JDK's WebSocket allows one send in flight, so sends queue behind each other).
 */
final class StreamConnection {
    enum Sent { SENT, NOT_CONNECTED, WINDOW_FULL }

    private enum State { IDLE, CONNECTING, AUTHENTICATING, READY, STOPPED }

    /** An attempt that has not been welcomed this long after it started is given up. */
    static final long STUCK_SECONDS = StreamFleet.CONNECT_TIMEOUT.toSeconds() + StreamProtocol.HELLO_TIMEOUT_MILLIS / 1000 + 5;

    final StreamDevice device;
    private final StreamFleet fleet;
    private final CompletableFuture<Boolean> firstOpen = new CompletableFuture<>();
    private volatile State state = State.IDLE;
    private Link link;
    private int attempts;

    private final BatchWindow window;
    private static final byte[] ALIVE = StreamCodec.encode(new StreamFrame.Alive(0));
    /** The plan digest this device last fetched the plan for; listener callbacks only (one at a time). */
    private long fetchedPlan;
    private boolean planFetched;

    private final Object sendLock = new Object();
    private final ArrayDeque<byte[]> sendQueue = new ArrayDeque<>();
    private Link sendLink;
    private boolean sending;

    StreamConnection(StreamDevice device, StreamFleet fleet, int window) {
        this.device = device;
        this.fleet = fleet;
        this.window = new BatchWindow(window);
    }

    /** Opens the connection; the future says, once, whether the first attempt reached the welcome. */
    CompletableFuture<Boolean> open() {
        fleet.started(this);
        connect();
        return firstOpen;
    }

    private void connect() {
        Link l;
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            l = new Link(++attempts);
            link = l;
            state = State.CONNECTING;
        }
        fleet.later(STUCK_SECONDS, TimeUnit.SECONDS, () -> l.fail("stuck", "not welcomed " + STUCK_SECONDS + " s after connecting", true));
        fleet.client().newWebSocketBuilder().connectTimeout(StreamFleet.CONNECT_TIMEOUT).buildAsync(fleet.uri(), l)
                .whenComplete((w, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                        l.fail("connect-" + StreamFleet.describe(cause), String.valueOf(cause), false);
                    }
                });
    }

    /**
     * Sends the device's next batch now if the connection is ready and the window has room; otherwise the batch is not
     * made at all (the load the server could not take, or the device could not send, is counted as missed).
     */
    Sent trySend(long nowNanos, long nowMillis, double[] scratch) {
        Link l;
        int slot;
        synchronized (this) {
            if (state != State.READY) {
                return Sent.NOT_CONNECTED;
            }
            slot = window.free();
            if (slot < 0) {
                return Sent.WINDOW_FULL;
            }
            l = link;
            // Only this thread fills slots, so the slot stays free while the batch is made outside the monitor.
        }
        StreamFrame.Batch batch = device.nextBatch(nowMillis, scratch);
        byte[] frame = StreamCodec.encode(batch);
        synchronized (this) {
            window.occupy(slot, batch.seq(), nowNanos, frame);
        }
        send(l, frame);
        return Sent.SENT;
    }

    /** Sends the device's heartbeat on its stream; false when it is not ready (the caller sends it over v1, as the agent). */
    boolean alive() {
        Link l;
        synchronized (this) {
            if (state != State.READY) {
                return false;
            }
            l = link;
        }
        send(l, ALIVE);
        return true;
    }

    /** Batches sent and not yet answered (or waiting to be resent). */
    synchronized int unanswered() {
        return window.used();
    }

    private void handle(Link l, byte[] bytes, int offset, int length) {
        StreamFrame frame;
        try {
            frame = StreamCodec.decode(bytes, offset, length);
        } catch (StreamCodec.MalformedFrame e) {
            fleet.stats().error("malformed-answer", e.getMessage());
            return;
        }
        long now = System.nanoTime();
        switch (frame) {
            case StreamFrame.Challenge c -> hello(l, c);
            case StreamFrame.Welcome w -> welcome(l, now);
            case StreamFrame.Ack a -> settle(a.seq(), now, a.accepted(), a.alreadyStored(), a.rejected().size());
            case StreamFrame.Busy b -> busy(b);
            case StreamFrame.Refused r -> refused(r);
            case StreamFrame.Status s -> status(s);
            default -> fleet.stats().error("unexpected-frame", frame.getClass().getSimpleName());
        }
    }

    private void hello(Link l, StreamFrame.Challenge c) {
        AgentChannel.Enrolled id = device.device.identity;
        String signature = fleet.sign(id.key(), StreamProtocol.helloText(id.deviceId(), c.nonce()));
        send(l, StreamCodec.encode(new StreamFrame.Hello(id.deviceId(), signature, "steward-bench")));
    }

    private void welcome(Link l, long now) {
        synchronized (this) {
            if (link != l || state != State.AUTHENTICATING) {
                return;
            }
            fleet.stats().welcomeLatency.add(now - l.started);
            fleet.stats().connectionsOpened.increment();
            send(l, fleet.declareFrame());
            // A reconnect: whatever the old connection left unanswered goes again, on this one, with its sequence number.
            for (int i = 0; i < window.size(); i++) {
                if (window.isOccupied(i)) {
                    window.resent(i, now);
                    fleet.stats().resent.increment();
                    send(l, window.frame(i));
                }
            }
            state = State.READY;
        }
        firstOpen.complete(true);
    }

    private void settle(long seq, long now, int accepted, boolean again, int rejected) {
        long sent;
        synchronized (this) {
            int slot = window.find(seq);
            if (slot < 0) {
                fleet.stats().error("unknown-seq", "an answer for seq " + seq + ", which is not in flight");
                return;
            }
            sent = window.sentAt(slot);
            window.release(slot);
        }
        fleet.stats().acked(sent, now, accepted, again, rejected);
    }

    private void status(StreamFrame.Status s) {
        fleet.stats().heartbeatsAcked.increment();
        fleet.stats().streamHeartbeats.increment();
        if (!planFetched || fetchedPlan != s.plan()) {
            planFetched = true;
            fetchedPlan = s.plan();
            fleet.planChanged(device.device);
        }
    }

    private void busy(StreamFrame.Busy b) {
        fleet.stats().busy.increment();
        fleet.stats().error("busy", "seq " + b.seq() + " retry in " + b.retryAfterSeconds() + " s: " + b.reason());
        synchronized (this) {
            int slot = window.find(b.seq());
            if (slot < 0) {
                return;
            }
            window.waiting(slot);
        }
        long seq = b.seq();
        fleet.later(Math.max(1, Math.min(60, b.retryAfterSeconds())), TimeUnit.SECONDS, () -> resend(seq));
    }

    private void resend(long seq) {
        byte[] frame;
        Link l;
        synchronized (this) {
            int slot = window.find(seq);
            if (slot < 0 || !window.isWaiting(slot) || state != State.READY) {
                // Answered meanwhile, or resent by a reconnect, or the connection is down (the reconnect will resend it).
                return;
            }
            window.resent(slot, System.nanoTime());
            frame = window.frame(slot);
            l = link;
        }
        fleet.stats().resent.increment();
        send(l, frame);
    }

    private void refused(StreamFrame.Refused r) {
        fleet.stats().refused.increment();
        fleet.stats().error("refused", "seq " + r.seq() + ": " + r.reason() + " " + r.rejected());
        synchronized (this) {
            int slot = window.find(r.seq());
            if (slot >= 0) {
                window.release(slot);
            }
        }
    }

    /** The run is over: a normal close, without counting it as a failure. */
    CompletableFuture<?> close() {
        WebSocket w;
        synchronized (this) {
            state = State.STOPPED;
            w = link == null ? null : link.ws;
        }
        if (w == null || w.isOutputClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        return w.sendClose(WebSocket.NORMAL_CLOSURE, "run over").exceptionally(e -> null);
    }

    void abort() {
        WebSocket w;
        synchronized (this) {
            state = State.STOPPED;
            w = link == null ? null : link.ws;
        }
        if (w != null) {
            w.abort();
        }
    }

    /** Frames of one link go out one at a time, in the order they were sent from here; a dead link's are dropped. */
    private void send(Link l, byte[] frame) {
        synchronized (sendLock) {
            if (sendLink != l) {
                return;
            }
            if (sending) {
                sendQueue.add(frame);
                return;
            }
            sending = true;
        }
        transmit(l, frame);
    }

    private void transmit(Link l, byte[] frame) {
        l.ws.sendBinary(ByteBuffer.wrap(frame), true).whenComplete((x, e) -> {
            byte[] next;
            synchronized (sendLock) {
                if (sendLink != l) {
                    return;
                }
                if (e != null && state != State.STOPPED) {
                    fleet.stats().error("send-failed", String.valueOf(e));
                }
                next = sendQueue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            transmit(l, next);
        });
    }

    /** One attempt to connect: its WebSocket and its listener. */
    private final class Link implements WebSocket.Listener {
        final int attempt;
        final long started = System.nanoTime();
        volatile WebSocket ws;
        private boolean over;
        private byte[] partial = new byte[0];
        private int partialLength;

        Link(int attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            synchronized (StreamConnection.this) {
                if (link != this || over || state == State.STOPPED) {
                    webSocket.abort();
                    return;
                }
                ws = webSocket;
                state = State.AUTHENTICATING;
            }
            synchronized (sendLock) {
                sendLink = this;
                sendQueue.clear();
                sending = false;
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last && partialLength == 0 && data.hasArray()) {
                handle(this, data.array(), data.arrayOffset() + data.position(), data.remaining());
            } else {
                int n = data.remaining();
                if (partial.length < partialLength + n) {
                    partial = Arrays.copyOf(partial, Math.max(partialLength + n, partial.length * 2));
                }
                data.get(partial, partialLength, n);
                partialLength += n;
                if (last) {
                    handle(this, partial, 0, partialLength);
                    partialLength = 0;
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            fleet.stats().error("text-frame", "the server sent a text frame: " + MiniJson.abbreviate(data.toString()));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            fail("closed-" + statusCode, reason, false);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fail("error-" + StreamFleet.describe(error), String.valueOf(error), false);
        }

        /**
         * This attempt is over (or, for the watchdog, is over unless it got its welcome): counted once, unless the run is
         * ending, and the device connects again after a pause, as an agent does.
         */
        void fail(String kind, String detail, boolean unlessWelcomed) {
            State was;
            synchronized (StreamConnection.this) {
                if (link != this || over || (unlessWelcomed && state == State.READY)) {
                    return;
                }
                over = true;
                was = state;
                if (was == State.STOPPED) {
                    return;
                }
                state = State.IDLE;
            }
            WebSocket w = ws;
            if (w != null) {
                w.abort();
            }
            fleet.stats().connectionFailed(kind, device.device.identity.hostname() + " (attempt " + attempt + ", " + was + "): " + detail);
            firstOpen.complete(false);
            if (!fleet.stopping()) {
                fleet.later(StreamFleet.RECONNECT_SECONDS, TimeUnit.SECONDS, StreamConnection.this::connect);
            }
        }
    }
}
