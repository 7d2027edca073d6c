package io.steward.bench.tasks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.TaskMessages;
import io.steward.signer.state.JsonFiles;
import tools.jackson.databind.JsonNode;

/**
 * One simulated agent with the task runner on: enrolled with its own Ed25519 key, the signer key pinned from the
 * enrollment answer, and a long-poll loop on {@link TaskMessages#POLL_PATH} signed as the real agent signs. An order
 * is verified against the pinned key and must name this device; then RUNNING is reported at once and SUCCEEDED right
 * after: no script runs, the simulator measures delivery. It notes when it got the order and when the server took
 * its RUNNING report (both {@link System#nanoTime()}).
 */
final class TaskAgent {
    /** The same long-poll wait the real agent asks for. */
    static final int POLL_WAIT_SECONDS = 25;

    final String deviceId;
    private final PrivateKey key;
    private final PublicKey signerKey;
    private final AtomicLong seq = new AtomicLong();
    volatile long orderSeenNanos;
    volatile long runningAckNanos;
    volatile boolean succeeded;
    /** Polls the server has answered or is holding: the agent is online once it sent its first. */
    final AtomicLong pollsSent = new AtomicLong();

    private TaskAgent(String deviceId, PrivateKey key, PublicKey signerKey) {
        this.deviceId = deviceId;
        this.key = key;
        this.signerKey = signerKey;
    }

    /** Enrolls through the token (auto-approve) as the real agent does; the answer must carry the signer's key to pin. */
    static TaskAgent enroll(HttpClient http, String base, String token, String hostname) throws IOException, InterruptedException {
        KeyPair pair = DeviceKeys.generate();
        String body = "{\"token\":\"" + token + "\",\"publicKey\":\"" + DeviceKeys.encodePublic(pair.getPublic()) + "\",\"hostname\":\"" + hostname
                + "\",\"os\":\"Linux 6.1.0-bench x86_64\",\"agentVersion\":\"steward-bench\"}";
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            r = http.send(HttpRequest.newBuilder(URI.create(base + AgentProtocol.ENROLL_PATH)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 429 && r.statusCode() != 503) {
                break;
            }
            Thread.sleep(1000L * (attempt + 1));
        }
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("enrollment of " + hostname + " refused: " + r.statusCode() + " " + r.body());
        }
        JsonNode json = JsonFiles.JSON.readTree(r.body());
        if (!"APPROVED".equals(json.path("status").asString())) {
            throw new IllegalStateException(hostname + " is " + json.path("status").asString() + ": the token must auto-approve");
        }
        String signerKey = json.path("signerKey").asString("");
        if (signerKey.isBlank()) {
            throw new IllegalStateException("the enrollment answer has no signer key to pin (is the signer running?): " + r.body());
        }
        return new TaskAgent(json.path("deviceId").asString(), pair.getPrivate(), DeviceKeys.decodePublic(signerKey));
    }

    /**
     * Polls until {@code stop} says so: each answered poll is followed by the next at once (as the real agent's loop),
     * orders are handled in the same thread, so the agent keeps one request, and so one connection, in flight.
     */
    void pollLoop(HttpClient http, String base, java.util.function.BooleanSupplier stop, Map<String, LongAdder> errors) {
        List<String> running = new ArrayList<>();
        while (!stop.getAsBoolean()) {
            byte[] poll = JsonFiles.JSON.writeValueAsBytes(new TaskMessages.Poll(seq.incrementAndGet(), POLL_WAIT_SECONDS, running));
            pollsSent.incrementAndGet();
            HttpResponse<String> r = post(http, base, TaskMessages.POLL_PATH, poll);
            if (r == null || r.statusCode() != 200) {
                count(errors, "poll-" + (r == null ? "io" : r.statusCode()));
                sleep(1000);
                continue;
            }
            long seen = System.nanoTime();
            TaskMessages.PollResponse answer = JsonFiles.JSON.readValue(r.body(), TaskMessages.PollResponse.class);
            for (TaskMessages.Delivery d : answer.tasks() == null ? List.<TaskMessages.Delivery>of() : answer.tasks()) {
                DeviceOrder order;
                try {
                    order = d.order().verify(signerKey);
                } catch (RuntimeException e) {
                    count(errors, "order-refused");
                    continue;
                }
                if (!order.deviceId().toString().equals(deviceId)) {
                    count(errors, "order-for-another-device");
                    continue;
                }
                if (orderSeenNanos == 0) {
                    orderSeenNanos = seen;
                }
                String task = order.taskId().toString();
                if (report(http, base, task, "RUNNING", errors)) {
                    runningAckNanos = System.nanoTime();
                }
                if (report(http, base, task, "SUCCEEDED", errors)) {
                    succeeded = true;
                }
            }
        }
    }

    private boolean report(HttpClient http, String base, String taskId, String state, Map<String, LongAdder> errors) {
        boolean done = "SUCCEEDED".equals(state);
        TaskMessages.Report report = new TaskMessages.Report(seq.incrementAndGet(), taskId, state, null, done ? 0 : null, done ? 1L : null,
                done ? "" : null, done ? "" : null, 0, 0, done ? EMPTY_SHA256 : null, done ? EMPTY_SHA256 : null, System.currentTimeMillis());
        byte[] body = JsonFiles.JSON.writeValueAsBytes(report);
        // As the real agent: a report the server could not take now (503, 429, unreachable) is resent with the same
        // number until it is stored; 409 says an earlier send was stored after all.
        for (int attempt = 0; attempt < 60; attempt++) {
            HttpResponse<String> r = post(http, base, TaskMessages.REPORT_PATH, body);
            if (r != null && (r.statusCode() / 100 == 2 || (attempt > 0 && r.statusCode() == 409))) {
                return true;
            }
            count(errors, "report-" + state + "-" + (r == null ? "io" : r.statusCode()));
            if (r != null && r.statusCode() != 503 && r.statusCode() != 429) {
                return false;
            }
            sleep(1000);
        }
        return false;
    }

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private HttpResponse<String> post(HttpClient http, String base, String path, byte[] body) {
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = DeviceKeys.sign(key, AgentProtocol.canonicalRequest("POST", path, timestamp, body));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(POLL_WAIT_SECONDS + 60))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header(AgentProtocol.DEVICE_HEADER, deviceId).header(AgentProtocol.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(AgentProtocol.SIGNATURE_HEADER, signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void count(Map<String, LongAdder> errors, String what) {
        errors.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, LongAdder> newErrors() {
        return new ConcurrentHashMap<>();
    }
}
