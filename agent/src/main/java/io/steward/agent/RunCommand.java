package io.steward.agent;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

import io.steward.agent.backup.BackupAgent;
import io.steward.agent.backup.BackupReader;
import io.steward.agent.backup.BackupSettings;
import io.steward.agent.backup.RestoreTester;
import io.steward.agent.collect.InventoryCollector;
import io.steward.agent.collect.MetricsCollector;
import io.steward.agent.collect.MonitoringPlan;
import io.steward.agent.config.AgentConfig;
import io.steward.agent.config.ConfigDirectory;
import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.patch.PatchAgent;
import io.steward.agent.patch.PatchInstaller;
import io.steward.agent.patch.PatchScanner;
import io.steward.agent.patch.PatchSchedule;
import io.steward.agent.patch.PatchSettings;
import io.steward.agent.security.SecurityAgent;
import io.steward.agent.security.SecuritySettings;
import io.steward.agent.task.ScriptRunner;
import io.steward.agent.task.TaskLoop;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.agent.transport.Backoff;
import io.steward.agent.transport.Delivery;
import io.steward.agent.transport.Outbox;
import io.steward.agent.transport.Spool;
import io.steward.agent.transport.StreamLink;
import io.steward.protocol.Messages;
import oshi.SystemInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The agent's work: heartbeats and metrics at the intervals the server asks for (its heartbeat
 * answer also carries the hosts, URLs and services to watch, applied from the next round on),
 * inventory at start and daily, patch scans as the server's plan says (on a thread of their own, {@link PatchAgent}),
 * security checks likewise ({@link SecurityAgent}),
 * and whatever waits in the spool once the backoff allows. One thread does it all, sleeping until the next thing is due,
 * which keeps the footprint small. Tasks have their own long-polling thread and one worker ({@link TaskLoop}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Send heartbeats, metrics and inventory to the server.")
final class RunCommand implements Callable<Integer> {
    static final String SPOOL_DIR = "spool";
    private static final Logger LOG = Logger.getLogger(RunCommand.class.getName());
    private static final Duration INVENTORY_EVERY = Duration.ofDays(1);
    static final int DEFAULT_METRICS_SECONDS = 60;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config-dir", description = "Directory with the enrollment (default /etc/steward-agent if writable, else ~/.steward-agent).")
    Path configDir;

    @Option(names = "--once", description = "Send one heartbeat, one inventory and one metrics batch, then exit (0 only if all were delivered).")
    boolean once;

    @Option(names = "--metrics-interval", description = "Seconds between metric batches, overriding the server's setting "
            + "(by default the server's, 60 until it answers).")
    Integer metricsIntervalSeconds;

    @Option(names = "--spool-max-bytes", defaultValue = "52428800", description = "Bound of the spool in bytes (default ${DEFAULT-VALUE}).")
    long spoolMaxBytes;

    @Option(names = "--update-trial-minutes", defaultValue = "15", description = "A self-update that has not delivered a heartbeat "
            + "within this many minutes is rolled back to the previous version (default ${DEFAULT-VALUE}).")
    int updateTrialMinutes;

    /** Null unless a release key is pinned and the launcher gave a writable state directory. */
    private io.steward.agent.update.Updater updater;

    @Option(names = "--spool-max-age-days", defaultValue = "7", description = "Spooled batches older than this are dropped (default ${DEFAULT-VALUE}).")
    int spoolMaxAgeDays;

    @Override
    public Integer call() throws InterruptedException {
        if (metricsIntervalSeconds != null && metricsIntervalSeconds < 1) {
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
        // One sequence for every message, shared by the outbox and the task loop (a second instance would hand out numbers twice).
        SequenceFile sequence = new SequenceFile(dir);
        // Metrics over the protocol v2 stream (one long-lived WebSocket) when the server has it, over v1 otherwise.
        StreamLink stream = new StreamLink(http, config.deviceId(), key, StewardAgent.version(), clock, RandomGenerator.getDefault());
        Outbox outbox = new Outbox(http, stream, config.deviceId(), key, spool, sequence, new Backoff(RandomGenerator.getDefault()), clock);
        SystemInfo si = new SystemInfo();
        MonitoringPlan plan = new MonitoringPlan();
        MetricsCollector metrics = MetricsCollector.forThisMachine(si, dir, plan);
        InventoryCollector inventory = InventoryCollector.forThisMachine(si);
        Cadence cadence = new Cadence(Duration.ofSeconds(config.heartbeatSeconds()),
                Duration.ofSeconds(metricsIntervalSeconds != null ? metricsIntervalSeconds : DEFAULT_METRICS_SECONDS));
        if (once) {
            try {
                return runOnce(outbox, metrics, inventory, plan, clock);
            } finally {
                stream.close();
            }
        }
        TaskLoop tasks;
        PatchAgent patches;
        BackupAgent backups;
        SecurityAgent security;
        try {
            patches = patchAgent(dir, outbox, clock);
            backups = backupAgent(dir, outbox, clock);
            security = securityAgent(dir, outbox, patches, clock);
            String user = System.getProperty("user.name");
            tasks = new TaskLoop(http, config.deviceId(), key, sequence, dir, clock, new ScriptRunner(null, user),
                    patches == null ? null : new PatchInstaller(patches, PatchInstaller.Rebooter.SHUTDOWN),
                    backups == null ? null : new RestoreTester(backups.reader(), backups::reportNow, RandomGenerator.getDefault()), user);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        tasks.start();
        if (backups != null) {
            backups.start();
        }
        io.steward.agent.update.UpdateLoop updates = updates(http, config, key, sequence, dir, clock);
        try {
            return runForever(outbox, stream, spool, metrics, inventory, plan, clock, cadence, patches, security);
        } finally {
            stream.close();
            tasks.stop();
            if (security != null) {
                security.stop();
            }
            if (patches != null) {
                patches.stop();
            }
            if (backups != null) {
                backups.stop();
            }
            if (updates != null) {
                updates.stop();
            }
        }
    }

    /** The patch scanner of this machine's package manager, posting through the outbox; null when the agent knows none here. */
    static PatchAgent patchAgent(Path dir, Outbox outbox, Clock clock) {
        PatchSettings settings = PatchSettings.load(dir);
        return PatchScanner.forThisMachine(settings, clock)
                .map(s -> new PatchAgent(s, new PatchSchedule(settings.refreshAllowed(), RandomGenerator.getDefault()),
                        scan -> outbox.submit(Outbox.PATCHES, seq -> PatchScanner.numbered(scan, seq)), clock))
                .orElse(null);
    }

    /** Backup reports of the device's own backup settings, posting through the outbox; null when it has no jobs and does not look for any. */
    static BackupAgent backupAgent(Path dir, Outbox outbox, Clock clock) {
        BackupSettings settings = BackupSettings.load(dir);
        if (!settings.active()) {
            return null;
        }
        return new BackupAgent(BackupReader.forThisMachine(settings, clock),
                report -> outbox.submit(Outbox.BACKUP, seq -> BackupReader.numbered(report, seq)));
    }

    /**
     * The security checks the local settings leave on, posting through the outbox and taking the plan from the server's
     * answers; null when the settings switch them off. Their state (the admin baseline) lives in {@code security/}.
     */
    static SecurityAgent securityAgent(Path dir, Outbox outbox, PatchAgent patches, Clock clock) {
        SecurityAgent agent = SecurityAgent.forThisMachine(SecuritySettings.load(dir), dir.resolve("security"),
                patches == null ? () -> null : patches::lastScan,
                results -> outbox.submit(Outbox.SECURITY, seq -> SecurityAgent.numbered(results, seq)), clock);
        if (agent != null) {
            outbox.onAnswer(Outbox.SECURITY, agent::answer);
        }
        return agent;
    }

    /** Self-update, when a release key is pinned and the launcher named a writable state directory for the releases. */
    private io.steward.agent.update.UpdateLoop updates(AgentHttp http, AgentConfig config, PrivateKey key, SequenceFile sequence, Path dir, Clock clock) {
        String state = System.getProperty("steward.agent.state");
        Optional<java.security.PublicKey> releaseKey = io.steward.agent.update.Updater.pinnedKey(dir);
        if (state == null || releaseKey.isEmpty() || !java.nio.file.Files.isWritable(Path.of(state))) {
            return null;
        }
        updater = new io.steward.agent.update.Updater(http, config.deviceId(), key, sequence, releaseKey.get(),
                new io.steward.agent.update.ReleaseDirectory(Path.of(state)), StewardAgent.version(), Duration.ofMinutes(updateTrialMinutes), clock);
        io.steward.agent.update.UpdateLoop loop = new io.steward.agent.update.UpdateLoop(updater, Duration.ofSeconds(config.heartbeatSeconds()), System::exit);
        loop.start();
        return loop;
    }

    private int runOnce(Outbox outbox, MetricsCollector metrics, InventoryCollector inventory, MonitoringPlan plan, Clock clock) {
        Delivery hb = outbox.heartbeat();
        if (!(hb instanceof Delivery.Delivered d)) {
            spec.commandLine().getErr().println("heartbeat failed: " + reason(hb));
            return 1;
        }
        answer(d).ifPresent(r -> plan.apply(r.monitoring()));
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

    private int runForever(Outbox outbox, StreamLink stream, Spool spool, MetricsCollector metrics, InventoryCollector inventory, MonitoringPlan plan, Clock clock,
                           Cadence initial, PatchAgent patches, SecurityAgent security) throws InterruptedException {
        boolean patchesStarted = false;
        boolean securityStarted = false;
        Cadence cadence = initial;
        Instant now = clock.instant();
        Instant nextHeartbeat = now;
        Instant nextInventory = now;
        Instant nextMetrics = now.plus(cadence.metrics());
        LOG.info(() -> "running: metrics every " + initial.metrics().toSeconds() + " s until the server says otherwise");
        while (!Thread.currentThread().isInterrupted()) {
            now = clock.instant();
            if (!now.isBefore(nextHeartbeat)) {
                Cadence before = cadence;
                Delivery outcome = outbox.heartbeat();
                if (outcome instanceof Delivery.Delivered && updater != null) {
                    updater.heartbeatDelivered();
                }
                // Empty when the heartbeat went on the stream and the plan is as before, or it failed.
                Optional<Messages.HeartbeatResponse> answer = plan(outcome);
                if (answer.isPresent()) {
                    plan.apply(answer.get().monitoring());
                    cadence = cadence.after(answer.get(), metricsIntervalSeconds);
                    if (patches != null) {
                        patches.applyPlan(answer.get().patches());
                    }
                    // The client's security plan, so that the first round after a start checks by it rather than by the
                    // protocol's default (a port or admin the client allows would otherwise fail that round).
                    if (security != null && answer.get().security() != null) {
                        security.applyPlan(answer.get().security());
                    }
                }
                // Patch scans start after the first heartbeat, so the first one follows the server's plan where it has one.
                if (patches != null && !patchesStarted) {
                    patches.start();
                    patchesStarted = true;
                }
                // Security rounds likewise start after the first heartbeat, so the first one follows the plan it brought (then
                // at every wake-up when one is due, below).
                securityStarted = security != null;
                if (!cadence.equals(before)) {
                    Cadence c = cadence;
                    LOG.info(() -> "heartbeat every " + c.heartbeat().toSeconds() + " s, metrics every " + c.metrics().toSeconds() + " s");
                }
                // A shorter metrics interval takes effect now rather than after the old, longer wait.
                if (nextMetrics.isAfter(now.plus(cadence.metrics()))) {
                    nextMetrics = now.plus(cadence.metrics());
                }
                nextHeartbeat = now.plus(cadence.heartbeat());
            }
            if (!now.isBefore(nextInventory)) {
                outbox.submit(Outbox.INVENTORY, inventory::collect);
                nextInventory = now.plus(INVENTORY_EVERY);
            }
            if (!now.isBefore(nextMetrics)) {
                List<Messages.Sample> samples = metrics.collect(clock.millis());
                outbox.submit(Outbox.METRICS, seq -> new Messages.MetricBatch(seq, samples));
                // Keep the cadence, but after a long stall (suspend) start afresh instead of catching up.
                nextMetrics = nextMetrics.plus(cadence.metrics());
                if (nextMetrics.isBefore(now)) {
                    nextMetrics = now.plus(cadence.metrics());
                }
            } else if (!now.isBefore(outbox.notBefore()) && !spool.entries().isEmpty()) {
                outbox.flush();
            }
            // The stream is pinged between batches so that it survives the idle minute (and a dead one is noticed).
            stream.keepAlive();
            Instant wake = earliest(nextHeartbeat, nextInventory, nextMetrics);
            if (stream.nextKeepAlive().isBefore(wake)) {
                wake = stream.nextKeepAlive();
            }
            if (securityStarted) {
                security.runIfDue();
                if (security.due().isAfter(now) && security.due().isBefore(wake)) {
                    wake = security.due();
                }
            }
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

    /** The plan a heartbeat's answer brought, if it brought a readable one. */
    private static Optional<Messages.HeartbeatResponse> plan(Delivery outcome) {
        if (outcome instanceof Delivery.Delivered d) {
            return answer(d);
        }
        LOG.warning(() -> "heartbeat failed: " + reason(outcome));
        return Optional.empty();
    }

    private static Optional<Messages.HeartbeatResponse> answer(Delivery.Delivered d) {
        if (d.body().length == 0) {
            return Optional.empty();
        }
        try {
            Messages.HeartbeatResponse r = AgentJson.read(d.body(), Messages.HeartbeatResponse.class);
            if (!"APPROVED".equals(r.status())) {
                LOG.warning(() -> "the server reports this device as " + r.status());
            }
            return Optional.of(r);
        } catch (RuntimeException e) {
            LOG.warning(() -> "unreadable heartbeat answer: " + e.getMessage());
            return Optional.empty();
        }
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
