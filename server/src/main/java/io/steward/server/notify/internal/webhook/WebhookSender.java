package io.steward.server.notify.internal.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP POST to a receiver: short timeouts, no redirects followed (a redirect could lead past the address guard),
 * and only the start of the answer read, for the delivery log.
 */
public class WebhookSender implements AutoCloseable {
    static final int EXCERPT_CHARS = 500;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final java.util.concurrent.ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    public WebhookSender(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        this.requestTimeout = requestTimeout;
    }

    /** What came back: {@code status} null with {@code error} when no answer came. */
    public record Outcome(Integer status, String retryAfter, String excerpt, String error) {
    }

    /** Posts {@code body} as JSON with {@code headers}; blocks the calling (virtual) thread until the answer or the timeout. */
    public Outcome post(String url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Content-Type", "application/json").header("User-Agent", "Steward-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            long deadline = System.nanoTime() + requestTimeout.toNanos();
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String excerpt = excerpt(response.body(), deadline);
            if (excerpt.length() > EXCERPT_CHARS) {
                excerpt = excerpt.substring(0, EXCERPT_CHARS);
            }
            String error = response.statusCode() / 100 == 3
                    ? "Redirect to " + response.headers().firstValue("Location").orElse("nowhere") + " not followed." : null;
            return new Outcome(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), excerpt, error);
        } catch (HttpTimeoutException e) {
            return new Outcome(null, null, null, "No answer within " + requestTimeout.toSeconds() + " s.");
        } catch (IOException e) {
            return new Outcome(null, null, null, trim(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, null, null, "Interrupted.");
        }
    }

    /**
     * The start of the answer's body, read until {@code deadline} at most: the request timeout ends with the headers, and
     * a receiver that sends headers and then stalls its body must not hold a sending slot for ever.
     */
    private String excerpt(InputStream in, long deadline) throws InterruptedException {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readNBytes(EXCERPT_CHARS * 2);
            } catch (IOException e) {
                return new byte[0];
            }
        }, readers);
        try {
            return new String(read.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            return "(the body of the answer did not arrive within " + requestTimeout.toSeconds() + " s)";
        } catch (ExecutionException e) {
            return "";
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing ends a stalled read; nothing else to do
            }
        }
    }

    static String trim(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    @Override
    public void close() {
        readers.shutdownNow();
        http.close();
    }
}
