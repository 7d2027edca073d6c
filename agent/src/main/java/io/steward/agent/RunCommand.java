package io.steward.agent;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

import io.steward.agent.collect.InventoryCollector;
import io.steward.agent.collect.MetricsCollector;
import io.steward.agent.config.AgentConfig;
import io.steward.agent.config.ConfigDirectory;
import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.agent.transport.Backoff;
import io.steward.agent.transport.Delivery;
import io.steward.agent.transport.Outbox;
import io.steward.agent.transport.Spool;
import io.steward.protocol.Messages;
import oshi.SystemInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The agent's work: heartbeats at the interval the server asks for, metrics every
 * {@code --metrics-interval} seconds, inventory at start and daily, and whatever waits in the
 * spool once the backoff allows. One thread does it all, sleeping until the next thing is due,
 * which keeps the footprint small.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Send heartbeats, metrics and inventory to the server.")
final class RunCommand implements Callable<Integer> {
    static final String SPOOL_DIR = "spool";
    private static final Logger LOG = Logger.getLogger(RunCommand.class.getName());
    private static final Duration INVENTORY_EVERY = Duration.ofDays(1);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config-dir", description = "Directory with the enrollment (default /etc/steward-agent if writable, else ~/.steward-agent).")
    Path configDir;

    @Option(names = "--once", description = "Send one heartbeat, one inventory and one metrics batch, then exit (0 only if all were delivered).")
    boolean once;

    @Option(names = "--metrics-interval", defaultValue = "60", description = "Seconds between metric batches (default ${DEFAULT-VALUE}).")
    int metricsIntervalSeconds;

    @Option(names = "--spool-max-bytes", defaultValue = "52428800", description = "Bound of the spool in bytes (default ${DEFAULT-VALUE}).")
    long spoolMaxBytes;

    @Option(names = "--spool-max-age-days", defaultValue = "7", description = "Spooled batches older than this are dropped (default ${DEFAULT-VALUE}).")
    int spoolMaxAgeDays;

    @Override
    public Integer call() throws InterruptedException {
        if (metricsIntervalSeconds < 1) {
            spec.commandLine().getErr().println("--metrics-interval must be at least 1 second");
            return 2;
        }
        Path dir = ConfigDirectory.resolve(configDir);
        AgentConfig config;
        PrivateKey key;
        try {
            config = AgentConfig.load(dir);
            key = PrivateKeyFile.read(dir);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        Clock clock = Clock.systemUTC();
        Spool spool = new Spool(dir.resolve(SPOOL_DIR), spoolMaxBytes, Duration.ofDays(spoolMaxAgeDays), clock);
        AgentHttp http = new AgentHttp(config.server(), config.fingerprint(), clock);
        Outbox outbox = new Outbox(http, config.deviceId(), key, spool, new SequenceFile(dir), new Backoff(RandomGenerator.getDefault()), clock);
        SystemInfo si = new SystemInfo();
        MetricsCollector metrics = MetricsCollector.forThisMachine(si, dir);
        InventoryCollector inventory = InventoryCollector.forThisMachine(si);
        return once ? runOnce(outbox, metrics, inventory, clock) : runForever(outbox, spool, metrics, inventory, clock, config.heartbeatSeconds());
    }

    private int runOnce(Outbox outbox, MetricsCollector metrics, InventoryCollector inventory, Clock clock) {
        Delivery hb = outbox.heartbeat();
        if (!(hb instanceof Delivery.Delivered)) {
            spec.commandLine().getErr().println("heartbeat failed: " + reason(hb));
            return 1;
        }
        outbox.submit(Outbox.INVENTORY, inventory::collect);
        List<Messages.Sample> samples = metrics.collect(clock.millis());
        Outbox.FlushResult result = outbox.submit(Outbox.METRICS, seq -> new Messages.MetricBatch(seq, samples));
        if (!result.allDelivered()) {
            spec.commandLine().getErr().println("not all batches delivered (" + result.remaining() + " spooled, "
                    + result.refused() + " refused): " + result.problem().orElse("unknown"));
            return 1;
        }
        spec.commandLine().getOut().println("delivered a heartbeat, the inventory and " + samples.size() + " samples");
        return 0;
    }

    private int runForever(Outbox outbox, Spool spool, MetricsCollector metrics, InventoryCollector inventory, Clock clock,
                           int initialHeartbeatSeconds) throws InterruptedException {
        Duration metricsEvery = Duration.ofSeconds(metricsIntervalSeconds);
        Duration heartbeatEvery = Duration.ofSeconds(initialHeartbeatSeconds);
        Instant now = clock.instant();
        Instant nextHeartbeat = now;
        Instant nextInventory = now;
        Instant nextMetrics = now.plus(metricsEvery);
        LOG.info(() -> "running: metrics every " + metricsEvery.toSeconds() + " s");
        while (!Thread.currentThread().isInterrupted()) {
            now = clock.instant();
            if (!now.isBefore(nextHeartbeat)) {
                heartbeatEvery = heartbeat(outbox, heartbeatEvery);
                nextHeartbeat = now.plus(heartbeatEvery);
            }
            if (!now.isBefore(nextInventory)) {
                outbox.submit(Outbox.INVENTORY, inventory::collect);
                nextInventory = now.plus(INVENTORY_EVERY);
            }
            if (!now.isBefore(nextMetrics)) {
                List<Messages.Sample> samples = metrics.collect(clock.millis());
                outbox.submit(Outbox.METRICS, seq -> new Messages.MetricBatch(seq, samples));
                // Keep the cadence, but after a long stall (suspend) start afresh instead of catching up.
                nextMetrics = nextMetrics.plus(metricsEvery);
                if (nextMetrics.isBefore(now)) {
                    nextMetrics = now.plus(metricsEvery);
                }
            } else if (!now.isBefore(outbox.notBefore()) && !spool.entries().isEmpty()) {
                outbox.flush();
            }
            Instant wake = earliest(nextHeartbeat, nextInventory, nextMetrics);
            if (outbox.notBefore().isAfter(now) && outbox.notBefore().isBefore(wake) && !spool.entries().isEmpty()) {
                wake = outbox.notBefore();
            }
            Duration sleep = Duration.between(clock.instant(), wake);
            if (sleep.isPositive()) {
                Thread.sleep(sleep);
            }
        }
        return 0;
    }

    /** Sends one heartbeat and returns the interval the server asks for next (unchanged when it did not answer). */
    private static Duration heartbeat(Outbox outbox, Duration current) {
        Delivery outcome = outbox.heartbeat();
        if (outcome instanceof Delivery.Delivered d && d.body().length > 0) {
            try {
                Messages.HeartbeatResponse r = AgentJson.read(d.body(), Messages.HeartbeatResponse.class);
                if (!"APPROVED".equals(r.status())) {
                    LOG.warning(() -> "the server reports this device as " + r.status());
                }
                if (r.heartbeatSeconds() > 0) {
                    return Duration.ofSeconds(r.heartbeatSeconds());
                }
            } catch (RuntimeException e) {
                LOG.warning(() -> "unreadable heartbeat answer: " + e.getMessage());
            }
        } else if (!(outcome instanceof Delivery.Delivered)) {
            LOG.warning(() -> "heartbeat failed: " + reason(outcome));
        }
        return current;
    }

    private static String reason(Delivery d) {
        return switch (d) {
            case Delivery.Delivered ok -> "delivered";
            case Delivery.Retry r -> r.reason();
            case Delivery.Refused r -> r.reason();
        };
    }

    private static Instant earliest(Instant a, Instant b, Instant c) {
        Instant m = a.isBefore(b) ? a : b;
        return m.isBefore(c) ? m : c;
    }
}
