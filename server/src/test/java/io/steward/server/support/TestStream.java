package io.steward.server.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.stream.StreamCodec;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A protocol v2 connection as a test drives it: frames the server sent, in order, and how the server closed it. Sends
 * go one at a time from the test's thread.
 */
public final class TestStream implements WebSocket.Listener {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How the server ended the connection. */
    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<StreamFrame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private WebSocket socket;

    private TestStream() {
    }

    /** Opens the stream of the server at {@code base} (http://host:port); the server's challenge is the first frame. */
    public static TestStream open(String base) {
        return open(base, CLIENT);
    }

    /** Opens the stream through {@code client} (one that trusts the pinned certificate, for https:// bases). */
    public static TestStream open(String base, HttpClient client) {
        TestStream stream = new TestStream();
        stream.socket = client.newWebSocketBuilder().buildAsync(URI.create(base.replaceFirst("^http", "ws") + StreamProtocol.PATH), stream)
                .orTimeout(10, TimeUnit.SECONDS).join();
        return stream;
    }

    /** Opens a stream and signs in as the agent: challenge, hello, welcome. */
    public static TestStream signedIn(String base, TestAgent agent) {
        TestStream stream = open(base);
        StreamFrame.Challenge challenge = (StreamFrame.Challenge) stream.next();
        stream.send(hello(agent, challenge));
        assertThat(stream.next()).isInstanceOf(StreamFrame.Welcome.class);
        return stream;
    }

    /** The agent's hello to this challenge, signed with its key. */
    public static StreamFrame.Hello hello(TestAgent agent, StreamFrame.Challenge challenge) {
        return new StreamFrame.Hello(agent.deviceId, DeviceKeys.sign(agent.keys.getPrivate(), StreamProtocol.helloText(agent.deviceId, challenge.nonce())), "test");
    }

    public void send(StreamFrame frame) {
        sendRaw(StreamCodec.encode(frame));
    }

    public void sendRaw(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void sendText(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next frame from the server within 10 s; fails the test when none came. */
    public StreamFrame next() {
        try {
            StreamFrame f = frames.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("a frame from the server (closed: " + closed.getNow(null) + ")").isNotNull();
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next frame within {@code millis}, or null. */
    public StreamFrame poll(long millis) {
        try {
            return frames.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** How the server closed the connection, waiting up to {@code wait}. */
    public Closed closed(Duration wait) {
        return closed.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            frames.add(StreamCodec.decode(partial.toByteArray()));
            partial.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, error.toString()));
    }
}
