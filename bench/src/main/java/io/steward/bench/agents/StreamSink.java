package io.steward.bench.agents;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.stream.StreamCodec;
import io.steward.protocol.stream.StreamFrame;
import io.steward.protocol.stream.StreamProtocol;

/**
 * A stand-in server that stores nothing and answers at once, to measure the simulator alone (its CPU per sample at a
 * rate no real server on these cores takes yet): plain HTTP/1.1 on loopback, enrollment and heartbeats of protocol v1
 * answered with fixed documents (every device approved), and the stream of protocol v2 over a minimal RFC 6455
 * WebSocket: a challenge, a welcome for any hello (no signature check), declarations ignored, every batch acknowledged
 * in full as soon as it is read. One thread and one selector. Not a server to test anything against but the simulator.
 */
public final class StreamSink implements AutoCloseable {
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private final LongAdder batches = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final int busyEvery;
    private volatile boolean running = true;

    public StreamSink(int port) throws IOException {
        this(port, 0);
    }

    /** With {@code busyEvery} n &gt; 0, the first delivery of every n-th batch is answered Busy (retry in 1 s), to exercise resends. */
    public StreamSink(int port, int busyEvery) throws IOException {
        this.busyEvery = busyEvery;
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = Thread.ofPlatform().name("stream-sink").daemon().start(this::loop);
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    public long batches() {
        return batches.sum();
    }

    public long samples() {
        return samples.sum();
    }

    /** Batches acknowledged a second time on one connection (counted only with {@code busyEvery}). */
    public long duplicates() {
        return duplicates.sum();
    }

    private void loop() {
        ByteBuffer read = ByteBuffer.allocate(64 * 1024);
        while (running) {
            try {
                selector.select(200);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (key.isAcceptable()) {
                            SocketChannel c;
                            while ((c = server.accept()) != null) {
                                c.configureBlocking(false);
                                c.register(selector, SelectionKey.OP_READ, new Peer());
                            }
                        } else {
                            Peer p = (Peer) key.attachment();
                            if (key.isWritable()) {
                                p.flush(key);
                            }
                            if (key.isValid() && key.isReadable()) {
                                read.clear();
                                int n = ((SocketChannel) key.channel()).read(read);
                                if (n < 0) {
                                    key.channel().close();
                                    continue;
                                }
                                read.flip();
                                p.received(read);
                                p.flush(key);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        key.channel().close();
                    }
                }
            } catch (IOException e) {
                if (running) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** One client connection: HTTP until it upgrades, then WebSocket frames. */
    private final class Peer {
        private byte[] in = new byte[8192];
        private int inLength;
        private boolean webSocket;
        private boolean closing;
        // Only with busyEvery (tests): which batches were busied once, and which acknowledged, to find doubles.
        private final java.util.Set<Long> busied = new java.util.HashSet<>();
        private final java.util.Set<Long> acked = new java.util.HashSet<>();
        private long received;
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();

        void received(ByteBuffer data) {
            int n = data.remaining();
            if (in.length < inLength + n) {
                in = java.util.Arrays.copyOf(in, Math.max(inLength + n, in.length * 2));
            }
            data.get(in, inLength, n);
            inLength += n;
            int used;
            int at = 0;
            while (!closing && (used = webSocket ? frame(at) : request(at)) > 0) {
                at += used;
            }
            System.arraycopy(in, at, in, 0, inLength - at);
            inLength -= at;
        }

        /** One HTTP request from {@code at}; the bytes it took, 0 if it is not all here yet. */
        private int request(int at) {
            int headEnd = -1;
            for (int i = at; i + 3 < inLength; i++) {
                if (in[i] == '\r' && in[i + 1] == '\n' && in[i + 2] == '\r' && in[i + 3] == '\n') {
                    headEnd = i + 4;
                    break;
                }
            }
            if (headEnd < 0) {
                return 0;
            }
            String head = new String(in, at, headEnd - at, StandardCharsets.ISO_8859_1);
            int length = Integer.parseInt(header(head, "content-length", "0"));
            if (inLength - headEnd < length) {
                return 0;
            }
            String line = head.substring(0, head.indexOf('\r'));
            if (line.startsWith("GET ") && line.contains(StreamProtocol.PATH)) {
                String accept = accept(header(head, "sec-websocket-key", ""));
                write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                webSocket = true;
                byte[] nonce = new byte[StreamProtocol.NONCE_BYTES];
                java.util.concurrent.ThreadLocalRandom.current().nextBytes(nonce);
                binary(StreamCodec.encode(new StreamFrame.Challenge(nonce)));
            } else if (line.contains(AgentProtocol.ENROLL_PATH)) {
                http(201, "{\"deviceId\":\"" + UUID.randomUUID() + "\",\"status\":\"APPROVED\",\"heartbeatSeconds\":30}");
            } else if (line.startsWith("POST ")) {
                http(200, "{\"status\":\"APPROVED\"}");
            } else {
                http(404, "{}");
            }
            return headEnd - at + length;
        }

        /** One WebSocket frame from {@code at}; the bytes it took, 0 if it is not all here yet. */
        private int frame(int at) {
            if (inLength - at < 2) {
                return 0;
            }
            int opcode = in[at] & 0x0f;
            boolean masked = (in[at + 1] & 0x80) != 0;
            long length = in[at + 1] & 0x7f;
            int header = 2;
            if (length == 126) {
                if (inLength - at < 4) {
                    return 0;
                }
                length = ((in[at + 2] & 0xff) << 8) | (in[at + 3] & 0xff);
                header = 4;
            } else if (length == 127) {
                if (inLength - at < 10) {
                    return 0;
                }
                length = ByteBuffer.wrap(in, at + 2, 8).getLong();
                header = 10;
            }
            int mask = masked ? 4 : 0;
            if (length > StreamProtocol.MAX_FRAME_BYTES) {
                throw new IllegalStateException("a frame larger than the protocol allows");
            }
            if (inLength - at < header + mask + length) {
                return 0;
            }
            int payload = at + header + mask;
            if (masked) {
                for (int i = 0; i < length; i++) {
                    in[payload + i] ^= in[at + header + (i & 3)];
                }
            }
            switch (opcode) {
                case 2 -> answer(StreamCodec.decode(in, payload, (int) length));
                case 8 -> {
                    write(new byte[] {(byte) 0x88, 0});
                    closing = true;
                }
                case 9 -> {
                    byte[] pong = java.util.Arrays.copyOfRange(in, payload, payload + (int) length);
                    frameOut(0x8A, pong);
                }
                default -> {
                    // text, pong, continuation: the simulator sends none that matter here
                }
            }
            return header + mask + (int) length;
        }

        private void answer(StreamFrame frame) {
            switch (frame) {
                case StreamFrame.Hello h -> binary(StreamCodec.encode(new StreamFrame.Welcome(System.currentTimeMillis())));
                case StreamFrame.Batch b -> {
                    if (busyEvery > 0) {
                        if (++received % busyEvery == 0 && busied.add(b.seq())) {
                            binary(StreamCodec.encode(new StreamFrame.Busy(b.seq(), 1, "the sink is busy on purpose")));
                            return;
                        }
                        if (!acked.add(b.seq())) {
                            duplicates.increment();
                        }
                    }
                    batches.increment();
                    samples.add(b.size());
                    binary(StreamCodec.encode(new StreamFrame.Ack(b.seq(), b.size(), false, Map.of())));
                }
                case StreamFrame.Alive a -> binary(StreamCodec.encode(new StreamFrame.Status(System.currentTimeMillis(), 1)));
                default -> {
                    // declarations: nothing to answer
                }
            }
        }

        private void binary(byte[] payload) {
            frameOut(0x82, payload);
        }

        private void frameOut(int first, byte[] payload) {
            ByteBuffer b = ByteBuffer.allocate(payload.length + 4);
            b.put((byte) first);
            if (payload.length < 126) {
                b.put((byte) payload.length);
            } else {
                b.put((byte) 126).putShort((short) payload.length);
            }
            b.put(payload).flip();
            out.add(b);
        }

        private void http(int status, String json) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            write((String.format(Locale.ROOT, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", status, body.length)
                    + json).getBytes(StandardCharsets.UTF_8));
        }

        private void write(byte[] bytes) {
            out.add(ByteBuffer.wrap(bytes));
        }

        void flush(SelectionKey key) throws IOException {
            SocketChannel c = (SocketChannel) key.channel();
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                c.write(b);
                if (b.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (closing) {
                c.close();
                return;
            }
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private static String header(String head, String name, String otherwise) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return otherwise;
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
        server.close();
    }
}
