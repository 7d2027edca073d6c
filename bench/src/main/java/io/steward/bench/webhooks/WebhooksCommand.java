package io.steward.bench.webhooks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.steward.bench.servicedesk.Latencies;
import io.steward.bench.servicedesk.ServiceDeskCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Webhooks with a slow receiver while tickets are written: a receiver on loopback that takes {@code --receiver-ms} per
 * request gets {@code ticket.created} from {@code --endpoints} endpoints of one client; each run writes tickets over the
 * API for that client and, as the baseline, for a client without endpoints, and reports ticket-create latency of both
 * and the webhooks delivered per second until the backlog is drained. The server runs with its default settings.
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "Webhooks/s to a slow receiver, and ticket-create latency with and without webhooks to deliver.")
public final class WebhooksCommand implements Runnable {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @Option(names = "--url", defaultValue = "http://localhost:18080", description = "Steward's base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--credentials", required = true, description = "demo-credentials.txt of the server (holds admin_api_token=...)")
    Path credentials;

    @Option(names = "--endpoints", defaultValue = "4", description = "endpoints listening to ticket.created (default ${DEFAULT-VALUE})")
    int endpoints;

    @Option(names = "--receiver-ms", defaultValue = "200", description = "how long the receiver takes per request (default ${DEFAULT-VALUE})")
    int receiverMs;

    @Option(names = "--concurrency", defaultValue = "8", description = "concurrent clients writing tickets (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--seconds", defaultValue = "20", description = "measured seconds of ticket writing per phase (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--runs", defaultValue = "3", description = "runs (default ${DEFAULT-VALUE})")
    int runs;

    private final PrintStream out = System.out;
    private final LongAdder received = new LongAdder();
    private HttpClient http;
    private String token;

    @Override
    public void run() {
        HttpServer receiver = null;
        try {
            token = ServiceDeskCommand.readToken(credentials);
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            receiver = slowReceiver();
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            String withHooks = create("/api/v1/clients", "{\"name\":\"Bench webhooks " + UUID.randomUUID() + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}");
            String without = create("/api/v1/clients", "{\"name\":\"Bench no webhooks " + UUID.randomUUID() + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}");
            for (int i = 0; i < endpoints; i++) {
                create("/api/v1/webhooks", "{\"name\":\"bench " + i + "\",\"clientId\":\"" + withHooks + "\",\"url\":\"" + hook
                        + "\",\"format\":\"STANDARD\",\"eventTypes\":[\"ticket.created\"],\"allowPrivateNetwork\":true}");
            }
            write(without, Duration.ofSeconds(5), null);
            drain(0, Duration.ofSeconds(5));
            double[] base50 = new double[runs], base99 = new double[runs], hook50 = new double[runs], hook99 = new double[runs];
            double[] baseRate = new double[runs], hookRate = new double[runs], deliveredRate = new double[runs];
            for (int run = 0; run < runs; run++) {
                Phase base = write(without, Duration.ofSeconds(seconds), "baseline");
                long before = received.sum();
                long start = System.nanoTime();
                Phase hooked = write(withHooks, Duration.ofSeconds(seconds), "webhooks");
                long expected = hooked.created * endpoints;
                double drained = drain(before + expected, Duration.ofMinutes(10));
                double elapsed = (drained - start) / 1e9;
                base50[run] = base.latencies.percentileMs(50);
                base99[run] = base.latencies.percentileMs(99);
                hook50[run] = hooked.latencies.percentileMs(50);
                hook99[run] = hooked.latencies.percentileMs(99);
                baseRate[run] = base.created / base.seconds;
                hookRate[run] = hooked.created / hooked.seconds;
                deliveredRate[run] = (received.sum() - before) / elapsed;
                out.printf("run %d: baseline %d tickets (%.0f/s) p50 %.1f p99 %.1f ms; with webhooks %d tickets (%.0f/s) p50 %.1f p99 %.1f ms; "
                                + "%d webhooks delivered in %.1f s from the first ticket = %.1f/s%n", run + 1, base.created, baseRate[run], base50[run],
                        base99[run], hooked.created, hookRate[run], hook50[run], hook99[run], received.sum() - before, elapsed, deliveredRate[run]);
            }
            out.printf("%n### Webhooks: %d endpoints, receiver %d ms per request, %d ticket writers, %d s per phase, median of %d runs (min–max)%n%n",
                    endpoints, receiverMs, concurrency, seconds, runs);
            out.println("| phase | tickets/s | create p50 ms | create p99 ms | webhooks/s |");
            out.println("|---|---:|---:|---:|---:|");
            out.printf("| no endpoints listening | %s | %s | %s | – |%n", Latencies.medianMinMax(baseRate), Latencies.medianMinMax(base50),
                    Latencies.medianMinMax(base99));
            out.printf("| %d endpoints, slow receiver | %s | %s | %s | %s |%n", endpoints, Latencies.medianMinMax(hookRate),
                    Latencies.medianMinMax(hook50), Latencies.medianMinMax(hook99), Latencies.medianMinMax(deliveredRate));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (receiver != null) {
                receiver.stop(0);
            }
        }
    }

    private HttpServer slowReceiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(receiverMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            received.increment();
        });
        server.start();
        return server;
    }

    private record Phase(long created, double seconds, Latencies latencies) {
    }

    /** {@code concurrency} virtual threads POST tickets for {@code client} back to back until the deadline. */
    private Phase write(String client, Duration duration, String label) throws InterruptedException {
        AtomicLong seq = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        LongAdder errors = new LongAdder();
        java.util.concurrent.atomic.AtomicIntegerArray counts = new java.util.concurrent.atomic.AtomicIntegerArray(concurrency);
        for (int i = 0; i < concurrency; i++) {
            long[] mine = new long[200_000];
            int slot = i;
            samples.add(mine);
            threads.add(Thread.ofVirtual().start(() -> {
                int n = 0;
                while (System.nanoTime() < deadline && n < mine.length) {
                    String body = "{\"clientId\":\"" + client + "\",\"type\":\"INCIDENT\",\"title\":\"Bench webhook ticket " + seq.incrementAndGet()
                            + "\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}";
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(post("/api/v1/tickets", body), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 201) {
                            mine[n++] = System.nanoTime() - t0;
                        } else {
                            errors.increment();
                        }
                    } catch (IOException e) {
                        errors.increment();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                counts.set(slot, n);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        List<long[]> trimmed = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            trimmed.add(java.util.Arrays.copyOf(samples.get(i), counts.get(i)));
        }
        Latencies l = Latencies.of(trimmed);
        if (label != null && errors.sum() > 0) {
            out.println(label + ": " + errors.sum() + " ticket writes failed");
        }
        return new Phase(l.count(), secs, l);
    }

    /** Waits until the receiver has {@code total} requests; answers the nanoTime it happened (or the timeout). */
    private double drain(long total, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (received.sum() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (received.sum() < total) {
            out.println("drain: only " + received.sum() + " of " + total + " webhooks arrived in " + atMost);
        }
        return System.nanoTime();
    }

    private String create(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(post(path, json), HttpResponse.BodyHandlers.ofString());
        Matcher m = ID.matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return m.group(1);
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
