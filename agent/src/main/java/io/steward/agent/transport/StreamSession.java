package io.steward.agent.transport;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;

/**
 * One WebSocket connection of protocol v2, as seen by the agent: the listener that turns the server's messages into
 * {@link StreamFrame}s, queued in arrival order for the one thread that waits for them ({@link StreamLink}), and the
 * state that lives exactly as long as the connection: the series numbers declared on it. The listener runs on the HTTP
 * client's threads; everything it shares with the waiting thread is the queue and two volatile fields.
 */
final class StreamSession implements WebSocket.Listener {
    /** The connection ended: the server's close code and reason, or {@link #ABORTED} when it broke or was cut. */
    record Closed(int code, String reason) {
    }

    static final int ABORTED = -1;

    private final Clock clock;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    /** The binary message being received when it arrives in parts. */
    private ByteArrayOutputStream partial;
    private volatile WebSocket socket;
    private volatile Closed closed;
    /** Epoch ms of the last thing the server sent (a frame, ping or pong): silence beyond a bound means a dead link. */
    private volatile long lastHeard;
    private volatile long lastPing;
    /** Series ids of this connection by (metric, instance, unit); only the link's thread touches them. */
    final Map<StreamBatches.SeriesKey, Integer> series = new HashMap<>();

    StreamSession(Clock clock) {
        this.clock = clock;
        this.lastHeard = clock.millis();
        this.lastPing = lastHeard;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        lastHeard = clock.millis();
        byte[] frame;
        if (last && partial == null) {
            frame = new byte[data.remaining()];
            data.get(frame);
        } else {
            if (partial == null) {
                partial = new ByteArrayOutputStream(Math.max(64, data.remaining() * 2));
            }
            if (partial.size() + data.remaining() > StreamProtocol.MAX_FRAME_BYTES) {
                fail(StreamProtocol.CLOSE_TOO_BIG, "the server sent a frame larger than " + StreamProtocol.MAX_FRAME_BYTES + " bytes");
                return null;
            }
            byte[] part = new byte[data.remaining()];
            data.get(part);
            partial.writeBytes(part);
            if (!last) {
                webSocket.request(1);
                return null;
            }
            frame = partial.toByteArray();
            partial = null;
        }
        try {
            events.add(AgentCbor.decode(frame));
        } catch (AgentCbor.MalformedFrame e) {
            fail(StreamProtocol.CLOSE_MALFORMED, "the server sent a malformed frame: " + e.getMessage());
            return null;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        fail(StreamProtocol.CLOSE_MALFORMED, "the server sent text, protocol v2 frames are binary");
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // The WebSocket answers with a pong by itself.
        lastHeard = clock.millis();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastHeard = clock.millis();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended(new Closed(ABORTED, String.valueOf(error)));
    }

    /**
     * The next frame from the server, or a {@link Closed} once the connection has ended, or null when nothing came
     * within {@code timeout}.
     */
    Object next(Duration timeout) throws InterruptedException {
        Object event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null && closed != null) {
            return closed;
        }
        return event;
    }

    /** Sends one frame and waits until the WebSocket has written it; false when the connection is gone. */
    boolean send(StreamFrame frame, Duration timeout) throws InterruptedException {
        WebSocket ws = socket;
        if (ws == null || closed != null) {
            return false;
        }
        try {
            ws.sendBinary(ByteBuffer.wrap(AgentCbor.encode(frame)), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            abort("cannot send: " + e.getCause());
            return false;
        }
    }

    /** A ping when the last is {@code every} ago (so the connection is never idle long); false when it is gone. */
    boolean pingIfDue(Duration every) {
        WebSocket ws = socket;
        if (ws == null || closed != null) {
            return false;
        }
        long now = clock.millis();
        if (now - lastPing >= every.toMillis()) {
            lastPing = now;
            // One ping or pong may be pending at a time; if the last is still going out, this round's fails, which is fine
            // (a dead connection shows as silence).
            ws.sendPing(ByteBuffer.allocate(0));
        }
        return true;
    }

    long lastHeard() {
        return lastHeard;
    }

    boolean isOpen() {
        return closed == null;
    }

    /** When the next ping is due. */
    long nextPingMillis(Duration every) {
        return lastPing + every.toMillis();
    }

    /** Ends the connection politely (the server may still be reading): a close frame, then the socket goes. */
    void close(int code, String reason) {
        WebSocket ws = socket;
        if (ws != null && closed == null) {
            ended(new Closed(code, reason));
            closeThenAbort(ws, code, reason);
        }
    }

    /** Cuts the connection at once: its state is unknown (a missing answer, a send that failed). */
    void abort(String why) {
        ended(new Closed(ABORTED, why));
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private void fail(int code, String why) {
        WebSocket ws = socket;
        ended(new Closed(ABORTED, why));
        if (ws != null) {
            closeThenAbort(ws, code, "");
        }
    }

    /** A close frame, and the socket closed once it is out, without waiting for the server's close in reply. */
    private static void closeThenAbort(WebSocket ws, int code, String reason) {
        ws.sendClose(code, reason).whenComplete((w, e) -> ws.abort());
    }

    private void ended(Closed how) {
        if (closed == null) {
            closed = how;
        }
        events.add(closed);
    }
}
