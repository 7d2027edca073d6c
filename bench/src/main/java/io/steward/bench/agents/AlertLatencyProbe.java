package io.steward.bench.agents;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.steward.bench.servicedesk.Latencies;
import io.steward.protocol.AgentProtocol;

/**
 * Shape C: one probe device sends a breaching file-system value, each time on a new file system
 * (instance), so each sample should open its own alert and incident; the probe then polls the
 * public API with an API token until the alert names its incident and that ticket can be read,
 * and takes the time from sending the batch to that moment. After each sample it sends a healthy
 * value for the same file system, so the alert clears and the incident is resolved again.
 */
public final class AlertLatencyProbe {

    /** @param value the breaching fs.used_pct (default 95: above the built-in 90 % warning, under the 98 % critical one) */
    public record Settings(URI server, URI api, String enrollmentToken, String apiToken, String fingerprint, boolean insecure, int samples,
                           double value, double recovery, long pollMillis, long pauseMillis, double timeoutSeconds) {
        public Settings {
            if (samples < 1 || pollMillis < 1 || pauseMillis < 0 || timeoutSeconds <= 0) {
                throw new IllegalArgumentException("samples ≥ 1, poll ≥ 1 ms, pause ≥ 0, timeout > 0");
            }
        }
    }

    /** @param errors failed requests by status ("io" when unreachable; "timeout" for samples whose incident never showed) */
    public record Result(Latencies latencies, Map<String, Long> errors, String deviceId) {
        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Settings settings;
    private final PrintStream log;
    private final Map<String, Long> errors = new TreeMap<>();

    public AlertLatencyProbe(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public Result run() throws InterruptedException {
        String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        try (AgentChannel channel = new AgentChannel(settings.server(), settings.fingerprint(), settings.insecure())) {
            AgentChannel.Enrolled probe = channel.enroll(settings.enrollmentToken(), "probe-" + run);
            if (!"APPROVED".equals(probe.status())) {
                throw new IllegalStateException("the probe device is " + probe.status() + ": the enrollment token must be auto-approve");
            }
            log.println("probe device " + probe.deviceId() + " (probe-" + run + ")");
            long[] measured = new long[settings.samples()];
            int n = 0;
            long seq = 0;
            for (int k = 1; k <= settings.samples(); k++) {
                String instance = "/bench/probe-" + run + "/" + k;
                long start = System.nanoTime();
                long deadline = start + (long) (settings.timeoutSeconds() * 1e9);
                if (!deliver(channel, probe, ++seq, instance, settings.value(), deadline)) {
                    continue;
                }
                long took = awaitIncident(channel, probe.deviceId(), instance, start, deadline);
                if (took >= 0) {
                    measured[n++] = took;
                } else {
                    errors.merge("timeout", 1L, Long::sum);
                    log.println("sample " + k + ": no incident visible within " + settings.timeoutSeconds() + " s");
                }
                deliver(channel, probe, ++seq, instance, settings.recovery(), System.nanoTime() + (long) (settings.timeoutSeconds() * 1e9));
                if (settings.pauseMillis() > 0) {
                    Thread.sleep(settings.pauseMillis());
                }
            }
            return new Result(Latencies.of(java.util.Arrays.copyOf(measured, n)), Map.copyOf(errors), probe.deviceId());
        }
    }

    /** Sends one fs.used_pct sample; honours Retry-After until the deadline. True when acknowledged. */
    private boolean deliver(AgentChannel channel, AgentChannel.Enrolled probe, long seq, String instance, double value, long deadline)
            throws InterruptedException {
        byte[] body = ("{\"seq\":" + seq + ",\"samples\":[{\"metric\":\"fs.used_pct\",\"instance\":" + AgentChannel.quote(instance)
                + ",\"value\":" + value + ",\"unit\":\"pct\",\"at\":" + System.currentTimeMillis() + "}]}").getBytes(StandardCharsets.UTF_8);
        while (true) {
            AgentChannel.Answer a = channel.post(AgentProtocol.METRICS_PATH, body, probe.deviceId(), probe.key());
            if (a.ok()) {
                return true;
            }
            String status = a.status() < 0 ? "io" : Integer.toString(a.status());
            errors.merge(status, 1L, Long::sum);
            long wait = TimeUnit.SECONDS.toNanos(a.retryAfterSeconds() >= 0 ? a.retryAfterSeconds() : 1);
            if ((a.status() != 503 && a.status() != 429) || System.nanoTime() + wait > deadline) {
                log.println("batch " + seq + " refused: " + status + " " + MiniJson.abbreviate(a.body()));
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Nanoseconds from {@code start} until the incident of the device's alert on {@code instance} could be read; -1 at the deadline. */
    private long awaitIncident(AgentChannel channel, String deviceId, String instance, long start, long deadline) throws InterruptedException {
        URI alerts = settings.api().resolve("/api/v1/alerts?state=OPEN&deviceId=" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8));
        while (System.nanoTime() < deadline) {
            AgentChannel.Answer a = channel.get(alerts, settings.apiToken());
            if (a.ok()) {
                String ticket = ticketOf(a.body(), deviceId, instance);
                if (ticket != null) {
                    AgentChannel.Answer t = channel.get(settings.api().resolve("/api/v1/tickets/" + ticket), settings.apiToken());
                    if (t.ok()) {
                        return System.nanoTime() - start;
                    }
                }
            } else {
                errors.merge("api-" + (a.status() < 0 ? "io" : a.status()), 1L, Long::sum);
                if (a.status() == 401 || a.status() == 403) {
                    throw new IllegalStateException("the API refused the token: " + a.status() + " " + MiniJson.abbreviate(a.body()));
                }
            }
            Thread.sleep(settings.pollMillis());
        }
        return -1;
    }

    /** The incident id of the device's open alert on that instance, or null while there is none. */
    @SuppressWarnings("unchecked")
    static String ticketOf(String json, String deviceId, String instance) {
        Object parsed = MiniJson.parse(json);
        // A plain array today; a page ({"items": [...]}) should the list ever be paged.
        List<Object> list = parsed instanceof Map<?, ?> m && m.get("items") instanceof List<?> items ? (List<Object>) items
                : parsed instanceof List<?> l ? (List<Object>) l : List.of();
        for (Object o : list) {
            if (o instanceof Map<?, ?> alert && deviceId.equals(alert.get("deviceId")) && instance.equals(alert.get("instance"))
                    && alert.get("ticketId") instanceof String ticket) {
                return ticket;
            }
        }
        return null;
    }
}
