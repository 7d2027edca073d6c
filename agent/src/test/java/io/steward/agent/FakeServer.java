package io.steward.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.steward.agent.transport.AgentJson;
import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.Messages;

/**
 * A loopback stand-in for the Steward server's agent endpoints: it enrolls, checks the three
 * signature headers with {@link DeviceKeys#verify} like the real server, answers 409 for a seq it
 * already has, and plays scripted statuses for metric batches.
 */
final class FakeServer implements AutoCloseable {
    /** A request the server accepted as correctly signed. */
    record Received(String path, long seq, byte[] body) {
    }

    /** A scripted answer to the next metrics batch. */
    record Scripted(int status, String retryAfter) {
    }

    private final HttpServer http;
    final Map<String, PublicKey> devices = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> refusedSignatures = new CopyOnWriteArrayList<>();
    final Deque<Scripted> metricsScript = new ArrayDeque<>();
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    /** The monitoring settings sent with every heartbeat answer; null like a server that predates them. */
    volatile Messages.MonitoringConfig monitoring;
    /** The task signer key and client id handed out at enrollment; null like a server without a signer. */
    volatile String signerKey;
    volatile String clientId;

    FakeServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(AgentProtocol.ENROLL_PATH, this::enroll);
        http.createContext(AgentProtocol.HEARTBEAT_PATH, this::signed);
        http.createContext(AgentProtocol.INVENTORY_PATH, this::signed);
        http.createContext(AgentProtocol.METRICS_PATH, this::signed);
        // A page for the agent's HTTP checks to fetch.
        http.createContext("/health", ex -> answer(ex, 200, "ok".getBytes(StandardCharsets.UTF_8), "text/plain"));
        http.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void enroll(HttpExchange ex) throws IOException {
        Messages.EnrollRequest req = AgentJson.read(body(ex), Messages.EnrollRequest.class);
        if (!"good-token".equals(req.token())) {
            answer(ex, 410, "{\"title\":\"token expired\"}".getBytes(StandardCharsets.UTF_8), "application/problem+json");
            return;
        }
        String id = "dev-" + (devices.size() + 1);
        devices.put(id, DeviceKeys.decodePublic(req.publicKey()));
        answer(ex, 201, AgentJson.write(new Messages.EnrollResponse(id, "APPROVED", 30, System.currentTimeMillis(), signerKey, clientId)),
                "application/json");
    }

    private void signed(HttpExchange ex) throws IOException {
        byte[] body = body(ex);
        String path = ex.getRequestURI().getRawPath();
        String device = ex.getRequestHeaders().getFirst(AgentProtocol.DEVICE_HEADER);
        String ts = ex.getRequestHeaders().getFirst(AgentProtocol.TIMESTAMP_HEADER);
        String sig = ex.getRequestHeaders().getFirst(AgentProtocol.SIGNATURE_HEADER);
        PublicKey key = device == null ? null : devices.get(device);
        boolean fresh = ts != null && Math.abs(Long.parseLong(ts) - System.currentTimeMillis() / 1000) <= AgentProtocol.MAX_SKEW_SECONDS;
        if (key == null || !fresh || !"application/json".equals(ex.getRequestHeaders().getFirst("Content-Type"))
                || !DeviceKeys.verify(key, AgentProtocol.canonicalRequest(ex.getRequestMethod(), path, Long.parseLong(ts), body), sig)) {
            refusedSignatures.add(path);
            answer(ex, 401, new byte[0], "application/problem+json");
            return;
        }
        long seq = AgentJson.read(body, Messages.Heartbeat.class).seq(); // every signed message has it; the rest is skipped;
        if (path.equals(AgentProtocol.METRICS_PATH)) {
            Scripted next;
            synchronized (metricsScript) {
                next = metricsScript.poll();
            }
            if (next != null && next.status() != 200) {
                if (next.retryAfter() != null) {
                    ex.getResponseHeaders().add("Retry-After", next.retryAfter());
                }
                answer(ex, next.status(), new byte[0], "application/problem+json");
                return;
            }
        }
        if (!seen.add(seq)) {
            answer(ex, 409, new byte[0], "application/problem+json");
            return;
        }
        received.add(new Received(path, seq, body));
        byte[] reply = switch (path) {
            case AgentProtocol.HEARTBEAT_PATH -> AgentJson.write(new Messages.HeartbeatResponse("APPROVED", 30, System.currentTimeMillis(), monitoring));
            case AgentProtocol.METRICS_PATH -> AgentJson.write(new Messages.BatchResponse(seq, 1, Map.of()));
            default -> "{}".getBytes(StandardCharsets.UTF_8);
        };
        answer(ex, 200, reply, "application/json");
    }

    /** Any signed message, read only for its seq. */
    private static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void answer(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
