package io.steward.bench.agents;

import java.io.PrintStream;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.steward.bench.servicedesk.Latencies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Shapes A and B: a simulated fleet sending signed metric batches over protocol v1; with {@code --channel stream}
 * shapes A' and B' over protocol v2 ({@link StreamSimulator}). The last line of the output starts with
 * {@code samples_per_sec=<n> p99_ms=<n> errors=<n>} for scripts to pick up.
 */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = "Shapes A/B (A'/B' with --channel stream): enroll N simulated agents through an enrollment token and send metric batches.")
public final class AgentsCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, description = "Steward's URL for agents, e.g. https://localhost:8443")
    URI server;

    @Option(names = "--enrollment-token", required = true, description = "an auto-approve enrollment token with enough uses for --agents")
    String token;

    @Option(names = "--agents", defaultValue = "100", description = "simulated devices (default ${DEFAULT-VALUE})")
    int agents;

    @Option(names = "--metrics", defaultValue = "30", description = "series per device: samples per batch in v1 (default ${DEFAULT-VALUE})")
    int metrics;

    @Option(names = "--interval", defaultValue = "60",
            description = "seconds between a device's batches (stream: between two samples of a series) (default ${DEFAULT-VALUE})")
    double interval;

    @Option(names = "--duration", defaultValue = "60",
            description = "seconds of sending, warm-up included (stream: after the ramp) (default ${DEFAULT-VALUE})")
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

    @Option(names = "--concurrency",
            description = "most v1 requests (and connections) in flight (default 64); stream: keep-alive connections for heartbeats "
                    + "(default 256: a server answering a heartbeat in ~100 ms under load takes 20,000 agents' 667/s on ~70)")
    Integer concurrency;

    @Option(names = "--enroll-concurrency", defaultValue = "8", description = "enrollments in flight (default ${DEFAULT-VALUE})")
    int enrollConcurrency;

    @Option(names = "--channel", defaultValue = "v1",
            description = "v1 (signed HTTP POSTs, default) or stream (protocol v2: one WebSocket per agent, CBOR batches)")
    String channel;

    @Option(names = "--rounds-per-batch", defaultValue = "1",
            description = "stream: rounds of all --metrics series (one every --interval) a device puts in one batch (default ${DEFAULT-VALUE})")
    int roundsPerBatch;

    @Option(names = "--rate", description = "stream: samples/s the whole fleet offers; sets --interval to agents × metrics / rate")
    Double rate;

    @Option(names = "--window", defaultValue = "4", description = "stream: batches in flight (unanswered) per connection (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--ramp", defaultValue = "-1",
            description = "stream: seconds over which the connections are opened; -1 (default): agents / 250")
    double ramp;

    @Option(names = "--connect-concurrency", defaultValue = "32", description = "stream: handshakes in flight during the ramp (default ${DEFAULT-VALUE})")
    int connectConcurrency;

    @Option(names = "--values", defaultValue = "uniform",
            description = "stream: uniform (default: the Zabbix harness's load, every series an fs.used_pct in [0,90), --breach of them in [90.5,100)) "
                    + "or agent (the v1 profile's named series)")
    String values;

    @Option(names = "--heartbeats", description = "stream: also send heartbeats at the server's interval as real agents do (shape B'): on "
            + "the device's stream while it is open, over v1 when it is not or the plan changed")
    boolean heartbeats;

    @Option(names = "--heartbeats-over-v1", description = "stream: with --heartbeats, send every heartbeat over v1, as agents before stream heartbeats")
    boolean heartbeatsOverV1;

    @Option(names = "--io-threads", defaultValue = "2", description = "stream: threads running the connections' callbacks; 0: the client's selector thread runs them (default ${DEFAULT-VALUE})")
    int ioThreads;

    @Option(names = "--drain", defaultValue = "10", description = "stream: seconds to wait for the last answers after sending stops (default ${DEFAULT-VALUE})")
    double drain;

    @Option(names = "--server-pid", defaultValue = "0", description = "stream: the server JVM's process id, to report its CPU and PostgreSQL's")
    long serverPid;

    @Option(names = "--server-home", description = "stream: the server's home (its pgdata/postmaster.pid names PostgreSQL)")
    java.nio.file.Path serverHome;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (channel.equals("stream")) {
            return stream(out);
        }
        if (!channel.equals("v1")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--channel is v1 or stream, not " + channel);
        }
        AgentSimulator.Settings s = new AgentSimulator.Settings(server, token, fingerprint, insecure, agents, metrics, interval, duration, warmup,
                breach, concurrency == null ? 64 : concurrency, enrollConcurrency, heartbeat);
        out.printf("agents=%d metrics=%d interval=%s s duration=%s s warmup=%s s breach=%s concurrency=%d server=%s%n", agents, metrics,
                interval, duration, warmup, breach, s.concurrency(), server);
        AgentSimulator.Result r = new AgentSimulator(s, out).run();
        print(r, s, out);
        return 0;
    }

    private int stream(PrintStream out) throws InterruptedException {
        double interval = rate != null ? StreamLoad.intervalFor(agents, metrics, rate) : this.interval;
        StreamLoad load = new StreamLoad(agents, metrics, interval, roundsPerBatch, window);
        double rampSeconds = ramp >= 0 ? ramp : agents / 250.0;
        StreamSimulator.Settings s = new StreamSimulator.Settings(server, token, fingerprint, insecure, load, StreamDevice.Values.parse(values),
                breach, duration, warmup, rampSeconds, connectConcurrency, enrollConcurrency,
                !heartbeats ? StreamHeartbeats.Mode.NONE : heartbeatsOverV1 ? StreamHeartbeats.Mode.V1 : StreamHeartbeats.Mode.STREAM, concurrency == null ? 256 : concurrency, ioThreads, drain,
                serverPid, serverHome);
        out.printf(java.util.Locale.ROOT, "channel=stream agents=%d metrics=%d interval=%.4f s rounds-per-batch=%d (a batch of %d samples every %.3f s "
                        + "per device, %.0f batches/s) offered=%.0f samples/s window=%d ramp=%.1f s duration=%s s warmup=%s s breach=%s values=%s "
                        + "heartbeats=%s server=%s%n", agents, metrics, interval, roundsPerBatch, load.samplesPerBatch(), load.batchPeriodSeconds(),
                load.batchesPerSecond(), load.offeredSamplesPerSecond(), window, rampSeconds, duration, warmup, breach, values, s.heartbeats(),
                StreamFleet.streamUri(server));
        StreamSimulator.Result r = new StreamSimulator(s, out).run();
        StreamReport.print(r, s, out);
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
