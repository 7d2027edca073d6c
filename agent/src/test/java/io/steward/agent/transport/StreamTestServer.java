package io.steward.agent.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;
import io.steward.protocol.stream.StreamCodec;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;

/**
 * A loopback server for the agent's stream tests, over a plain {@link ServerSocket}: HTTP/1.1 enough for v1's signed
 * metrics POST (checked with {@link DeviceKeys#verify} like the real server) and for the WebSocket upgrade (RFC 6455
 * handshake, masked client frames, unmasked server frames), and protocol v2 as the server speaks it: a challenge, a
 * hello checked against the device's key, then answers to batches as the test scripts them. Each connection is kept
 * with everything the agent sent on it, so tests can check what arrived and in which order.
 */
final class StreamTestServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What the server does with the next batch (or the hello). */
    sealed interface Act {
    }

    record Ack() implements Act {
    }

    record Busy(int seconds) implements Act {
    }

    record Refuse(String reason) implements Act {
    }

    /** Cuts the TCP connection without a close frame, as a crash or a lost network does. */
    record Drop() implements Act {
    }

    /** Says nothing: no answer ever comes. */
    record Silent() implements Act {
    }

    record Close(int code, String reason) implements Act {
    }

    /** One WebSocket connection and what the agent sent on it, in order (declares and batches). */
    static final class Conn {
        final byte[] nonce = new byte[StreamProtocol.NONCE_BYTES];
        volatile StreamFrame.Hello hello;
        volatile boolean helloVerified;
        final List<StreamFrame> frames = new CopyOnWriteArrayList<>();
        final AtomicInteger pings = new AtomicInteger();
        volatile boolean ended;
        private final Socket socket;

        Conn(Socket socket) {
            this.socket = socket;
        }

        List<StreamFrame.Batch> batches() {
            return frames.stream().filter(f -> f instanceof StreamFrame.Batch).map(f -> (StreamFrame.Batch) f).toList();
        }

        /** The series of this connection as declared so far. */
        Map<Integer, StreamFrame.SeriesDef> declared() {
            Map<Integer, StreamFrame.SeriesDef> out = new HashMap<>();
            frames.stream().filter(f -> f instanceof StreamFrame.Declare).forEach(f -> ((StreamFrame.Declare) f).series().forEach(d -> out.put(d.id(), d)));
            return out;
        }
    }

    private final ServerSocket listener;
    private final Map<String, PublicKey> devices;
    private final SecureRandom random = new SecureRandom();
    final List<Conn> connections = new CopyOnWriteArrayList<>();
    final AtomicInteger upgrades = new AtomicInteger();
    /** Seqs of v1 metrics POSTs that were correctly signed. */
    final List<Long> v1Metrics = new CopyOnWriteArrayList<>();
    /** Seqs of v1 heartbeats that were correctly signed. */
    final List<Long> v1Heartbeats = new CopyOnWriteArrayList<>();
    /** The plan digest a stream heartbeat is answered with. */
    volatile long plan = 1;
    volatile boolean answerAlive = true;
    final Deque<Act> batchScript = new ArrayDeque<>();
    volatile Act onHello = new Ack();
    volatile boolean streamSupported = true;
    volatile boolean answerPings = true;

    StreamTestServer(Map<String, PublicKey> devices) throws IOException {
        this.devices = devices;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("stream-test-accept").start(this::accept);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    synchronized void script(Act... acts) {
        batchScript.addAll(List.of(acts));
    }

    private synchronized Act nextAct() {
        Act a = batchScript.poll();
        return a == null ? new Ack() : a;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread.ofPlatform().daemon().name("stream-test-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String path = requestLine[1];
            if (requestLine[0].equals("GET") && path.equals(StreamProtocol.PATH) && "websocket".equalsIgnoreCase(headers.get("upgrade"))) {
                upgrades.incrementAndGet();
                if (!streamSupported) {
                    respond(out, 404, "");
                    return;
                }
                websocket(socket, in, out, headers.get("sec-websocket-key"));
            } else if (requestLine[0].equals("POST") && (path.equals(AgentProtocol.METRICS_PATH) || path.equals(AgentProtocol.HEARTBEAT_PATH))) {
                byte[] body = new byte[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
                in.readFully(body);
                v1Post(out, headers, path, body);
            } else {
                respond(out, 404, "");
            }
        } catch (IOException e) {
            // the agent went away
        }
    }

    private void v1Post(OutputStream out, Map<String, String> headers, String path, byte[] body) throws IOException {
        String device = headers.get(AgentProtocol.DEVICE_HEADER.toLowerCase(Locale.ROOT));
        PublicKey key = device == null ? null : devices.get(device);
        String ts = headers.get(AgentProtocol.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT));
        if (key == null || ts == null || !DeviceKeys.verify(key, AgentProtocol.canonicalRequest("POST", path, Long.parseLong(ts), body),
                headers.get(AgentProtocol.SIGNATURE_HEADER.toLowerCase(Locale.ROOT)))) {
            respond(out, 401, "");
            return;
        }
        if (path.equals(AgentProtocol.HEARTBEAT_PATH)) {
            v1Heartbeats.add(AgentJson.read(body, Messages.Heartbeat.class).seq());
            respond(out, 200, new String(AgentJson.write(new Messages.HeartbeatResponse("APPROVED", 30, System.currentTimeMillis() / 1000,
                    new Messages.MonitoringConfig(60, 30, List.of(), List.of(), List.of()))), StandardCharsets.UTF_8));
            return;
        }
        long seq = AgentJson.read(body, Messages.MetricBatch.class).seq();
        v1Metrics.add(seq);
        respond(out, 200, new String(AgentJson.write(new Messages.BatchResponse(seq, 1, Map.of())), StandardCharsets.UTF_8));
    }

    private static void respond(OutputStream out, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    private void websocket(Socket socket, DataInputStream in, OutputStream out, String key) throws IOException {
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        Conn conn = new Conn(socket);
        connections.add(conn);
        try {
            random.nextBytes(conn.nonce);
            send(out, 0x2, StreamCodec.encode(new StreamFrame.Challenge(conn.nonce)));
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                if ((b1 & 0x80) == 0) {
                    throw new IOException("client frames must be masked");
                }
                byte[] mask = in.readNBytes(4);
                byte[] payload = in.readNBytes((int) len);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = b0 & 0x0f;
                switch (opcode) {
                    case 0x8 -> {
                        send(out, 0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                        return;
                    }
                    case 0x9 -> {
                        conn.pings.incrementAndGet();
                        if (answerPings) {
                            send(out, 0xA, payload);
                        }
                    }
                    case 0xA -> {
                    }
                    default -> {
                        message.writeBytes(payload);
                        if ((b0 & 0x80) != 0) {
                            if (!frame(conn, out, StreamCodec.decode(message.toByteArray()))) {
                                return;
                            }
                            message.reset();
                        }
                    }
                }
            }
        } catch (EOFException e) {
            // the agent closed the TCP connection
        } finally {
            conn.ended = true;
        }
    }

    /** Handles one frame from the agent; false when the connection is to end. */
    private boolean frame(Conn conn, OutputStream out, StreamFrame frame) throws IOException {
        if (frame instanceof StreamFrame.Hello h) {
            conn.hello = h;
            PublicKey key = devices.get(h.deviceId());
            conn.helloVerified = key != null && DeviceKeys.verify(key, StreamProtocol.helloText(h.deviceId(), conn.nonce), h.signature());
            if (!conn.helloVerified) {
                return close(out, StreamProtocol.CLOSE_UNAUTHENTICATED, "bad hello");
            }
            if (onHello instanceof Close c) {
                return close(out, c.code(), c.reason());
            }
            send(out, 0x2, StreamCodec.encode(new StreamFrame.Welcome(System.currentTimeMillis())));
            return true;
        }
        conn.frames.add(frame);
        if (frame instanceof StreamFrame.Alive && answerAlive) {
            send(out, 0x2, StreamCodec.encode(new StreamFrame.Status(System.currentTimeMillis(), plan)));
            return true;
        }
        if (!(frame instanceof StreamFrame.Batch b)) {
            return true;
        }
        return switch (nextAct()) {
            case Ack a -> {
                send(out, 0x2, StreamCodec.encode(new StreamFrame.Ack(b.seq(), b.size(), false, Map.of())));
                yield true;
            }
            case Busy busy -> {
                send(out, 0x2, StreamCodec.encode(new StreamFrame.Busy(b.seq(), busy.seconds(), "test says busy")));
                yield true;
            }
            case Refuse r -> {
                send(out, 0x2, StreamCodec.encode(new StreamFrame.Refused(b.seq(), r.reason(), Map.of())));
                yield true;
            }
            case Drop d -> {
                conn.socket.setSoLinger(true, 0);
                yield false;
            }
            case Silent s -> true;
            case Close c -> close(out, c.code(), c.reason());
        };
    }

    private static boolean close(OutputStream out, int code, String reason) throws IOException {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        send(out, 0x8, payload);
        return false;
    }

    private static synchronized void send(OutputStream out, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 10);
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length < 65536) {
            f.write(126);
            f.write(payload.length >> 8);
            f.write(payload.length);
        } else {
            f.write(127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >> (8 * i)));
            }
        }
        f.writeBytes(payload);
        out.write(f.toByteArray());
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException();
            }
            head.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Conn c : connections) {
            c.socket.close();
        }
    }
}
