package io.steward.bench.agents;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.steward.protocol.DeviceKeys;
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
 * <p>Threads: the fleet's scheduler calls {@link #trySend}; the WebSocket's listener callbacks run on the client's
 * executor, one at a time per connection. The window is guarded by this object's monitor, the send chain by its own
 * lock (the JDK's WebSocket allows one send in flight, so sends queue behind each other).
 */
final class StreamConnection implements WebSocket.Listener {
    enum Sent { SENT, NOT_CONNECTED, WINDOW_FULL }

    private enum State { IDLE, CONNECTING, AUTHENTICATING, READY, STOPPED }

    private static final byte FREE = 0;
    private static final byte IN_FLIGHT = 1;
    private static final byte WAITING = 2;

    final StreamDevice device;
    private final StreamFleet fleet;
    private volatile State state = State.IDLE;
    private volatile WebSocket ws;
    private long connectStarted;
    private CompletableFuture<Boolean> firstOpen = new CompletableFuture<>();

    private final long[] slotSeq;
    private final long[] slotSent;
    private final byte[][] slotFrame;
    private final byte[] slotState;
    private int used;

    private final Object sendLock = new Object();
    private final ArrayDeque<byte[]> sendQueue = new ArrayDeque<>();
    private boolean sending;
    private int generation;

    private byte[] partial = new byte[0];
    private int partialLength;

    StreamConnection(StreamDevice device, StreamFleet fleet, int window) {
        this.device = device;
        this.fleet = fleet;
        this.slotSeq = new long[window];
        this.slotSent = new long[window];
        this.slotFrame = new byte[window][];
        this.slotState = new byte[window];
    }

    /** Opens the connection; the future says, once, whether the first attempt reached the welcome. */
    CompletableFuture<Boolean> open() {
        CompletableFuture<Boolean> result = firstOpen;
        connect();
        return result;
    }

    private void connect() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.CONNECTING;
        connectStarted = System.nanoTime();
        fleet.client().newWebSocketBuilder().connectTimeout(StreamFleet.CONNECT_TIMEOUT).buildAsync(fleet.uri(), this)
                .whenComplete((w, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                        broken("connect-" + StreamFleet.describe(cause), String.valueOf(cause));
                    }
                });
    }

    /**
     * Sends the device's next batch now if the connection is ready and the window has room; otherwise the batch is not
     * made at all (the load the server could not take, or the device could not send, is counted as missed).
     */
    Sent trySend(long nowNanos, long nowMillis, double[] scratch) {
        if (state != State.READY) {
            return Sent.NOT_CONNECTED;
        }
        int slot;
        synchronized (this) {
            slot = freeSlot();
            if (slot < 0) {
                return Sent.WINDOW_FULL;
            }
            // Only this thread fills slots, so the slot stays free while the batch is made outside the monitor.
        }
        StreamFrame.Batch batch = device.nextBatch(nowMillis, scratch);
        byte[] frame = StreamCodec.encode(batch);
        long seq = batch.seq();
        synchronized (this) {
            slotSeq[slot] = seq;
            slotSent[slot] = nowNanos;
            slotFrame[slot] = frame;
            slotState[slot] = IN_FLIGHT;
            used++;
        }
        send(frame);
        return Sent.SENT;
    }

    /** Batches sent and not yet answered (or waiting to be resent). */
    synchronized int unanswered() {
        return used;
    }

    private int freeSlot() {
        for (int i = 0; i < slotState.length; i++) {
            if (slotState[i] == FREE) {
                return i;
            }
        }
        return -1;
    }

    private int slotOf(long seq) {
        for (int i = 0; i < slotSeq.length; i++) {
            if (slotState[i] != FREE && slotSeq[i] == seq) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        state = State.AUTHENTICATING;
        synchronized (sendLock) {
            generation++;
            sendQueue.clear();
            sending = false;
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (last && partialLength == 0 && data.hasArray()) {
            handle(data.array(), data.arrayOffset() + data.position(), data.remaining());
        } else {
            int n = data.remaining();
            if (partial.length < partialLength + n) {
                partial = Arrays.copyOf(partial, Math.max(partialLength + n, partial.length * 2));
            }
            data.get(partial, partialLength, n);
            partialLength += n;
            if (last) {
                handle(partial, 0, partialLength);
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

    private void handle(byte[] bytes, int offset, int length) {
        StreamFrame frame;
        try {
            frame = StreamCodec.decode(bytes, offset, length);
        } catch (StreamCodec.MalformedFrame e) {
            fleet.stats().error("malformed-answer", e.getMessage());
            return;
        }
        long now = System.nanoTime();
        switch (frame) {
            case StreamFrame.Challenge c -> hello(c);
            case StreamFrame.Welcome w -> welcome(now);
            case StreamFrame.Ack a -> settle(a.seq(), now, a.accepted(), a.alreadyStored(), a.rejected().size());
            case StreamFrame.Busy b -> busy(b, now);
            case StreamFrame.Refused r -> refused(r);
            default -> fleet.stats().error("unexpected-frame", frame.getClass().getSimpleName());
        }
    }

    private void hello(StreamFrame.Challenge c) {
        AgentChannel.Enrolled id = device.device.identity;
        String signature = DeviceKeys.sign(id.key(), StreamProtocol.helloText(id.deviceId(), c.nonce()));
        send(StreamCodec.encode(new StreamFrame.Hello(id.deviceId(), signature, "steward-bench")));
    }

    private void welcome(long now) {
        fleet.stats().welcomeLatency.add(now - connectStarted);
        fleet.stats().connectionsOpened.increment();
        send(fleet.declareFrame());
        synchronized (this) {
            // A reconnect: whatever the old connection left unanswered goes again, on this one, with its sequence number.
            for (int i = 0; i < slotState.length; i++) {
                if (slotState[i] != FREE) {
                    slotState[i] = IN_FLIGHT;
                    slotSent[i] = now;
                    fleet.stats().resent.increment();
                    send(slotFrame[i]);
                }
            }
        }
        state = State.READY;
        firstOpen.complete(true);
    }

    private void settle(long seq, long now, int accepted, boolean again, int rejected) {
        long sent;
        synchronized (this) {
            int slot = slotOf(seq);
            if (slot < 0) {
                fleet.stats().error("unknown-seq", "an answer for seq " + seq + ", which is not in flight");
                return;
            }
            sent = slotSent[slot];
            free(slot);
        }
        fleet.stats().acked(sent, now, accepted, again, rejected);
    }

    private void busy(StreamFrame.Busy b, long now) {
        fleet.stats().busy.increment();
        fleet.stats().error("busy", "seq " + b.seq() + " retry in " + b.retryAfterSeconds() + " s: " + b.reason());
        synchronized (this) {
            int slot = slotOf(b.seq());
            if (slot < 0) {
                return;
            }
            slotState[slot] = WAITING;
        }
        long seq = b.seq();
        fleet.later(Math.max(1, Math.min(60, b.retryAfterSeconds())), TimeUnit.SECONDS, () -> resend(seq));
    }

    private void resend(long seq) {
        byte[] frame;
        synchronized (this) {
            int slot = slotOf(seq);
            if (slot < 0 || slotState[slot] != WAITING || state != State.READY) {
                // Answered meanwhile, or resent by a reconnect, or the connection is down (the reconnect will resend it).
                return;
            }
            slotState[slot] = IN_FLIGHT;
            slotSent[slot] = System.nanoTime();
            frame = slotFrame[slot];
        }
        fleet.stats().resent.increment();
        send(frame);
    }

    private void refused(StreamFrame.Refused r) {
        fleet.stats().refused.increment();
        fleet.stats().error("refused", "seq " + r.seq() + ": " + r.reason() + " " + r.rejected());
        synchronized (this) {
            int slot = slotOf(r.seq());
            if (slot >= 0) {
                free(slot);
            }
        }
    }

    private void free(int slot) {
        slotState[slot] = FREE;
        slotFrame[slot] = null;
        used--;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        broken("closed-" + statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        broken("error-" + StreamFleet.describe(error), String.valueOf(error));
    }

    /** The connection is gone (or never came): counted unless the run is ending, and opened again after a pause. */
    private void broken(String kind, String detail) {
        State was = state;
        if (was == State.STOPPED) {
            return;
        }
        state = State.IDLE;
        partialLength = 0;
        fleet.stats().connectionFailed(kind, device.device.identity.hostname() + " (" + was + "): " + detail);
        firstOpen.complete(false);
        if (!fleet.stopping()) {
            fleet.later(StreamFleet.RECONNECT_SECONDS, TimeUnit.SECONDS, this::connect);
        }
    }

    /** The run is over: a normal close, without counting it as a failure. */
    CompletableFuture<?> close() {
        state = State.STOPPED;
        WebSocket w = ws;
        if (w == null || w.isOutputClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        return w.sendClose(WebSocket.NORMAL_CLOSURE, "run over").exceptionally(e -> null);
    }

    void abort() {
        state = State.STOPPED;
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
    }

    /** Frames go out one at a time, in the order they were sent from here. */
    private void send(byte[] frame) {
        int gen;
        synchronized (sendLock) {
            if (sending) {
                sendQueue.add(frame);
                return;
            }
            sending = true;
            gen = generation;
        }
        transmit(frame, gen);
    }

    private void transmit(byte[] frame, int gen) {
        WebSocket w = ws;
        w.sendBinary(ByteBuffer.wrap(frame), true).whenComplete((x, e) -> {
            if (e != null && state != State.STOPPED) {
                fleet.stats().error("send-failed", String.valueOf(e));
            }
            byte[] next;
            synchronized (sendLock) {
                if (gen != generation) {
                    return;
                }
                next = sendQueue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            transmit(next, gen);
        });
    }
}
