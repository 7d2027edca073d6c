package io.steward.bench.agents;

import java.io.PrintStream;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.steward.bench.servicedesk.Latencies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Shape C: breaching sample → incident visible through the API. Last line {@code alert_to_incident_p99_ms=<n>}. */
@Command(name = "alert-latency", mixinStandardHelpOptions = true,
        description = "Shape C: time from a breaching sample to its incident being visible through /api/v1, p50/p99.")
public final class AlertLatencyCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, description = "Steward's URL for agents, e.g. https://localhost:8443")
    URI server;

    @Option(names = "--api-url", description = "Steward's URL for the API (default: --server)")
    URI api;

    @Option(names = "--enrollment-token", required = true, description = "an auto-approve enrollment token")
    String token;

    @Option(names = "--api-token", required = true, description = "an API token that may read alerts and tickets (the demo admin's)")
    String apiToken;

    @Option(names = "--samples", defaultValue = "20", description = "breaching samples, one at a time (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--value", defaultValue = "95", description = "breaching fs.used_pct (default ${DEFAULT-VALUE})")
    double value;

    @Option(names = "--recovery", defaultValue = "50", description = "healthy fs.used_pct sent after each incident (default ${DEFAULT-VALUE})")
    double recovery;

    @Option(names = "--poll-ms", defaultValue = "20", description = "API polling period (default ${DEFAULT-VALUE})")
    long pollMillis;

    @Option(names = "--pause-ms", defaultValue = "200", description = "pause between samples (default ${DEFAULT-VALUE})")
    long pauseMillis;

    @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for each incident (default ${DEFAULT-VALUE})")
    double timeout;

    @Option(names = "--fingerprint", description = "SHA-256 of the server's HTTPS certificate to pin")
    String fingerprint;

    @Option(names = "--insecure", description = "accept any HTTPS certificate (a loopback server's self-signed one)")
    boolean insecure;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        AlertLatencyProbe.Result r = new AlertLatencyProbe(new AlertLatencyProbe.Settings(server, api == null ? server : api, token, apiToken,
                fingerprint, insecure, samples, value, recovery, pollMillis, pauseMillis, timeout), out).run();
        Latencies l = r.latencies();
        out.printf("incidents seen: %d of %d samples%n", l.count(), samples);
        out.println("errors: " + (r.errors().isEmpty() ? "none"
                : r.errors().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        out.printf("alert to incident ms: p50 %s p95 %s p99 %s max %s%n", AgentsCommand.ms(l.percentileMs(50)), AgentsCommand.ms(l.percentileMs(95)),
                AgentsCommand.ms(l.percentileMs(99)), AgentsCommand.ms(l.maxMs()));
        out.printf("alert_to_incident_p99_ms=%s%n", AgentsCommand.ms(l.percentileMs(99)));
        return l.count() == samples ? 0 : 1;
    }
}
