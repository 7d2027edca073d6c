package io.steward.agent.collect;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.steward.protocol.Messages;
import io.steward.protocol.Messages.Sample;

/**
 * HTTP(S) health checks of the configured URLs, all at once, each a GET with short timeouts that
 * follows no redirect and does not download the body. Per URL (the instance):
 * {@code http.up} 1 when the answer had the expected status, else 0 (unit {@code count});
 * {@code http.latency_ms} the time to the answer (unit {@code ms}, only when there was one);
 * {@code http.status} the status code, 0 when there was no answer (unit {@code custom}).
 * HTTPS is checked against the system's CA certificates, so an expired or wrong certificate
 * counts as down. The HTTP client is made on first use, so agents without checks carry none.
 */
public final class HttpChecks implements SampleSource {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<List<Messages.HttpCheck>> checks;
    private HttpClient client;

    public HttpChecks(Supplier<List<Messages.HttpCheck>> checks) {
        this.checks = checks;
    }

    @Override
    public List<Sample> collect(long atMillis) {
        List<Messages.HttpCheck> targets = checks.get();
        if (targets.isEmpty()) {
            return List.of();
        }
        if (client == null) {
            // HTTP/1.1: a plain-http check must not send h2c upgrade headers that some servers answer oddly.
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        List<CompletableFuture<double[]>> pending = new ArrayList<>(targets.size());
        for (Messages.HttpCheck check : targets) {
            pending.add(start(check));
        }
        List<Sample> out = new ArrayList<>(3 * targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Messages.HttpCheck check = targets.get(i);
            double[] r = pending.get(i).join();
            int status = (int) r[0];
            int expected = check.expectedStatus() == 0 ? 200 : check.expectedStatus();
            out.add(new Sample("http.up", check.url(), status == expected ? 1 : 0, "count", atMillis));
            if (status > 0) {
                out.add(new Sample("http.latency_ms", check.url(), r[1], "ms", atMillis));
            }
            out.add(new Sample("http.status", check.url(), status, "custom", atMillis));
        }
        return out;
    }

    /** Status (0 for no answer) and milliseconds to the answer; never fails. */
    private CompletableFuture<double[]> start(Messages.HttpCheck check) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(check.url())).timeout(REQUEST_TIMEOUT).header("User-Agent", "steward-agent health check")
                    .GET().build();
        } catch (IllegalArgumentException notAUrl) {
            return CompletableFuture.completedFuture(new double[] {0, 0});
        }
        long t0 = System.nanoTime();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    double millis = (System.nanoTime() - t0) / 1e6;
                    try {
                        // The status is all a check needs: the body is never downloaded, whatever its size.
                        response.body().close();
                    } catch (java.io.IOException ignored) {
                        // closing a stream we did not read cannot lose anything the check needs
                    }
                    return new double[] {response.statusCode(), millis};
                })
                .exceptionally(failure -> new double[] {0, 0});
    }
}
