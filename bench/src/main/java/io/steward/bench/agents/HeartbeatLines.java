package io.steward.bench.agents;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.steward.protocol.AgentProtocol;

/**
 * The stream mode's v1 heartbeats on a few keep-alive HTTP/1.1 connections of its own ("lines"), each a blocking socket
 * with a virtual thread that takes the next due device, writes its signed POST and reads the answer. The same request
 * as {@link AgentChannel#post} (method, path, device, timestamp and Ed25519 signature headers, JSON body), without the
 * JDK HttpClient's per-request machinery, which cost ~300 µs of CPU per heartbeat: 20,000 agents heartbeat 667 times a
 * second, and the simulator shares the cores with the server it measures.
 */
final class HeartbeatLines implements AutoCloseable {
    private final URI server;
    private final String path;
    private final SSLContext tls;
    private final AgentChannel signer;
    private final StreamStats stats;
    private final BlockingQueue<SimulatedDevice> due;
    private final Thread[] lines;
    private final int backlog;
    private volatile boolean closed;

    /** {@code tls} null for http; {@code backlog} heartbeats may wait for a line before one counts as late. */
    HeartbeatLines(URI server, String basePath, SSLContext tls, AgentChannel signer, StreamStats stats, int lineCount, int backlog) {
        this.server = server;
        this.path = basePath + AgentProtocol.HEARTBEAT_PATH;
        this.tls = tls;
        this.signer = signer;
        this.stats = stats;
        this.due = new ArrayBlockingQueue<>(backlog);
        this.backlog = backlog;
        this.lines = new Thread[lineCount];
        for (int i = 0; i < lineCount; i++) {
            lines[i] = Thread.ofVirtual().name("heartbeat-line-" + i).start(this::line);
        }
    }

    /** Queues a device's heartbeat; false (and counted as late) when all lines are that far behind. */
    boolean offer(SimulatedDevice d) {
        if (due.offer(d)) {
            return true;
        }
        stats.error("heartbeat-late", backlog + " heartbeats already waiting for one of " + lines.length + " connections (--concurrency)");
        return false;
    }

    private void line() {
        Connection c = null;
        while (!closed) {
            SimulatedDevice d;
            try {
                d = due.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (d == null) {
                continue;
            }
            try {
                if (c == null) {
                    c = new Connection();
                }
                int status = c.post(d);
                if (status >= 200 && status < 300) {
                    stats.heartbeatsAcked.increment();
                } else {
                    stats.error("heartbeat-" + status, "HTTP " + status);
                }
            } catch (IOException | RuntimeException e) {
                stats.error("heartbeat-io", e.toString());
                if (c != null) {
                    c.close();
                }
                c = null;
            }
            if (c != null && c.mustClose) {
                c.close();
                c = null;
            }
        }
        if (c != null) {
            c.close();
        }
    }

    /** One keep-alive connection. */
    private final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String host;
        boolean mustClose;

        Connection() throws IOException {
            int port = server.getPort() > 0 ? server.getPort() : tls == null ? 80 : 443;
            Socket s = tls == null ? new Socket() : tls.getSocketFactory().createSocket();
            s.connect(new InetSocketAddress(server.getHost(), port), 10_000);
            s.setSoTimeout(30_000);
            s.setTcpNoDelay(true);
            socket = s;
            out = new BufferedOutputStream(s.getOutputStream(), 2048);
            in = new BufferedInputStream(s.getInputStream(), 4096);
            host = server.getHost() + ":" + port;
            stats.heartbeatConnections.increment();
        }

        int post(SimulatedDevice d) throws IOException {
            byte[] body = d.nextHeartbeat();
            long timestamp = System.currentTimeMillis() / 1000;
            String signature = signer.sign(d.identity.key(), AgentProtocol.canonicalRequest("POST", path, timestamp, body));
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                    + AgentProtocol.DEVICE_HEADER + ": " + d.identity.deviceId() + "\r\n" + AgentProtocol.TIMESTAMP_HEADER + ": " + timestamp
                    + "\r\n" + AgentProtocol.SIGNATURE_HEADER + ": " + signature + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return answer();
        }

        /** Reads one answer: its status; the body is read and dropped (by length, or chunk by chunk). */
        private int answer() throws IOException {
            String status = readLine();
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + status);
            }
            long length = -1;
            boolean chunked = false;
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                String h = header.toLowerCase(Locale.ROOT);
                if (h.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                    chunked = true;
                } else if (h.startsWith("connection:") && h.contains("close")) {
                    mustClose = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
                    skip(size);
                    readLine();
                }
                // Trailers, up to the blank line.
                while (!readLine().isEmpty()) {
                    // dropped
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                mustClose = true;
            }
            return Integer.parseInt(parts[1]);
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("the answer ended early");
                    }
                    k = 1;
                }
                n -= k;
            }
        }

        private String readLine() throws IOException {
            StringBuilder b = new StringBuilder(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int last = b.length() - 1;
                    return last >= 0 && b.charAt(last) == '\r' ? b.substring(0, last) : b.toString();
                }
                b.append((char) c);
            }
            throw new IOException("the connection closed mid-answer");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        for (Thread t : lines) {
            t.join(35_000);
        }
    }
}
