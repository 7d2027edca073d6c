package io.steward.bench.agents;

import java.io.PrintStream;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.steward.bench.servicedesk.Latencies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Shapes A and B: a simulated fleet sending signed metric batches. The last line of the output is
 * {@code samples_per_sec=<n> p99_ms=<n> errors=<n>} for scripts to pick up.
 */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = "Shapes A/B: enroll N simulated agents through an enrollment token and send signed metric batches.")
public final class AgentsCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, description = "Steward's URL for agents, e.g. https://localhost:8443")
    URI server;

    @Option(names = "--enrollment-token", required = true, description = "an auto-approve enrollment token with enough uses for --agents")
    String token;

    @Option(names = "--agents", defaultValue = "100", description = "simulated devices (default ${DEFAULT-VALUE})")
    int agents;

    @Option(names = "--metrics", defaultValue = "30", description = "samples per batch (default ${DEFAULT-VALUE})")
    int metrics;

    @Option(names = "--interval", defaultValue = "60", description = "seconds between a device's batches (default ${DEFAULT-VALUE})")
    double interval;

    @Option(names = "--duration", defaultValue = "60", description = "seconds of sending, warm-up included (default ${DEFAULT-VALUE})")
    double duration;

    @Option(names = "--warmup", defaultValue = "0", description = "first seconds of sending not counted (default ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--breach", defaultValue = "0", description = "share of values that breach alert thresholds, then recover, e.g. 0.01")
    double breach;

    @Option(names = "--heartbeat", defaultValue = "-1",
            description = "seconds between heartbeats; -1 (default) the server's interval, as the real agent; 0 none")
    double heartbeat;

    @Option(names = "--fingerprint", description = "SHA-256 of the server's HTTPS certificate to pin (as the enrollment token shows it)")
    String fingerprint;

    @Option(names = "--insecure", description = "accept any HTTPS certificate (a loopback server's self-signed one)")
    boolean insecure;

    @Option(names = "--concurrency", defaultValue = "64", description = "most requests (and connections) in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--enroll-concurrency", defaultValue = "8", description = "enrollments in flight (default ${DEFAULT-VALUE})")
    int enrollConcurrency;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        AgentSimulator.Settings s = new AgentSimulator.Settings(server, token, fingerprint, insecure, agents, metrics, interval, duration, warmup,
                breach, concurrency, enrollConcurrency, heartbeat);
        out.printf("agents=%d metrics=%d interval=%s s duration=%s s warmup=%s s breach=%s concurrency=%d server=%s%n", agents, metrics,
                interval, duration, warmup, breach, concurrency, server);
        AgentSimulator.Result r = new AgentSimulator(s, out).run();
        print(r, s, out);
        return 0;
    }

    static void print(AgentSimulator.Result r, AgentSimulator.Settings s, PrintStream out) {
        double offered = s.agents() * s.metrics() / s.intervalSeconds();
        out.printf("batches: %d sent, %d acknowledged (2xx) in %.1f s measured; heartbeats acknowledged: %d; breaching values sent: %d%n",
                r.batchesSent(), r.batchesAcknowledged(), r.measuredSeconds(), r.heartbeatsAcknowledged(), r.breachingValues());
        double delivered = offered == 0 ? 0 : 100 * r.samplesPerSecond() / offered;
        out.printf("samples/s acknowledged: %.0f of %.0f offered (%.0f %%)%n", r.samplesPerSecond(), offered, delivered);
        if (delivered < 95) {
            out.printf("WARNING: only %.0f %% of the offered load was acknowledged in the window: the server answered too slowly "
                    + "(see the schedule lag below) or refused batches%n", delivered);
        }
        out.println("errors by status: " + (r.errorsByStatus().isEmpty() ? "none"
                : r.errorsByStatus().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        Latencies l = r.latencies();
        out.printf("batch latency ms (acknowledged): p50 %s p95 %s p99 %s max %s (n=%d)%n", ms(l.percentileMs(50)), ms(l.percentileMs(95)),
                ms(l.percentileMs(99)), ms(l.maxMs()), l.count());
        Latencies lag = r.scheduleLag();
        out.printf("send start behind schedule ms (incl. waiting for one of %d in-flight permits): p50 %s p99 %s max %s%n", s.concurrency(),
                ms(lag.percentileMs(50)), ms(lag.percentileMs(99)), ms(lag.maxMs()));
        out.printf("batch slots missed while a device awaited its previous answer: %d%n", r.slotsMissed());
        out.printf("samples_per_sec=%.0f p99_ms=%s errors=%d%n", r.samplesPerSecond(), ms(r.latencies().percentileMs(99)), r.errors());
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "0" : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
