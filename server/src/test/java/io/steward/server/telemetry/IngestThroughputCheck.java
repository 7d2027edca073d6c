package io.steward.server.telemetry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.steward.protocol.AgentProtocol;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.TestAgent;

import static io.steward.server.support.Text.jsonString;

/**
 * A quick ingest throughput check to cite while the agent simulator in bench/ is being written (not
 * a test, not the shape-A figure): N signed test agents in a closed loop, each sending a batch of M
 * samples as soon as the previous one was acknowledged, against a running server.
 * Usage: {@code IngestThroughputCheck <base-url> <steward-home> <agents> <samples-per-batch> <warmup-s> <measure-s>}.
 * The server must allow the rate (e.g. --steward.devices.agent-requests-per-second=1000).
 */
public final class IngestThroughputCheck {
    private IngestThroughputCheck() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path home = Path.of(args[1]);
        int agents = Integer.parseInt(args[2]);
        int samples = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int measure = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newHttpClient();
        String api = DemoLogins.read(home.resolve("demo-credentials.txt")).adminApiToken();
        String clients = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/clients?q=Alpine")).header("Authorization", "Bearer " + api).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/clients/" + jsonString(clients, "id") + "/enrollment-tokens"))
                .header("Authorization", "Bearer " + api).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"throughput\",\"expiresInHours\":1,\"maxUses\":100000,\"autoApprove\":true}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String token = jsonString(created, "token");
        List<TestAgent> fleet = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            TestAgent a = new TestAgent(base);
            if (a.enroll(token, "tp-" + i + "-" + System.nanoTime()).statusCode() != 201) {
                throw new IllegalStateException("enrollment failed");
            }
            fleet.add(a);
        }
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong acked = new AtomicLong();
        Map<Integer, AtomicLong> errors = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        for (TestAgent a : fleet) {
            threads.submit(() -> {
                while (running.get()) {
                    long seq = a.nextSeq();
                    long now = System.currentTimeMillis();
                    StringBuilder body = new StringBuilder("{\"seq\":").append(seq).append(",\"samples\":[");
                    for (int m = 0; m < samples; m++) {
                        body.append(m == 0 ? "" : ",").append("{\"metric\":\"tp.m").append(m).append("\",\"instance\":\"\",\"value\":")
                                .append((seq * 7 + m) % 100).append(",\"unit\":\"pct\",\"at\":").append(now).append('}');
                    }
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = a.post(AgentProtocol.METRICS_PATH, body.append("]}").toString(), Instant.now()).statusCode();
                    } catch (RuntimeException e) {
                        status = -1;
                    }
                    long micros = (System.nanoTime() - t0) / 1000;
                    if (counting.get()) {
                        if (status == 200) {
                            acked.addAndGet(samples);
                            latencies.add(micros);
                        } else {
                            errors.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
            });
        }
        Thread.sleep(warmup * 1000L);
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(measure * 1000L);
        counting.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(60, TimeUnit.SECONDS);
        long[] l;
        synchronized (latencies) {
            l = latencies.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(l);
        System.out.printf("agents=%d samples_per_batch=%d batches=%d samples_per_sec=%.0f p50_ms=%.1f p99_ms=%.1f errors=%s%n", agents, samples, l.length,
                acked.get() / seconds, l.length == 0 ? 0 : l[l.length / 2] / 1000.0, l.length == 0 ? 0 : l[(int) (l.length * 0.99)] / 1000.0, errors);
    }
}
