package io.steward.agent.security;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.steward.agent.transport.AgentJson;
import io.steward.protocol.patch.PatchMessages;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * The agent's security checks: each {@code everyMinutes} of the plan a round on a short-lived thread of its own (a round
 * starts programs and reads logs, which must not hold up heartbeats) evaluates every enabled check, starting from
 * {@link SecurityCheckMessages#DEFAULT_PLAN} and taking the plan from each answer of the server, and posts the round
 * through the agent's signed outbox (spooled like every batch). A check that throws is reported unknown with the
 * reason; the others go on.
 */
public final class SecurityAgent {
    private static final Logger LOG = Logger.getLogger(SecurityAgent.class.getName());

    private final List<Check> checks;
    private final Consumer<SecurityCheckMessages.Results> post;
    private final Clock clock;
    private volatile SecurityCheckMessages.Plan plan = SecurityCheckMessages.DEFAULT_PLAN;
    private volatile Instant lastRound;
    private boolean stopped;
    private Thread running;

    /** @param post sends a round to the server (numbering it), e.g. through the outbox */
    SecurityAgent(List<Check> checks, Consumer<SecurityCheckMessages.Results> post, Clock clock) {
        this.checks = List.copyOf(checks);
        this.post = post;
        this.clock = clock;
    }

    /**
     * The checks of this machine that the local settings leave on, their state in {@code stateDir}; null when the
     * settings switch them all off.
     */
    public static SecurityAgent forThisMachine(SecuritySettings settings, Path stateDir, Supplier<PatchMessages.Scan> lastScan,
                                               Consumer<SecurityCheckMessages.Results> post, Clock clock) {
        if (!settings.enabled()) {
            return null;
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Programs programs = Programs.SYSTEM;
        ZoneId zone = null; // the system's, resolved by the checks only when they read a time without a zone
        List<Check> all = List.of(
                new FailedLogons(programs, windows, FailedLogons.journalHere(), FailedLogons.AUTH_LOGS, clock, zone),
                new AdminGroup(AdminGroup.GROUP, stateDir, programs, windows),
                new Firewall(programs, windows),
                new DiskEncryption(programs, windows),
                new Antivirus(programs, windows, Antivirus.CLAMAV_DB, settings.antivirusMaxAgeDays(), clock, zone),
                new ListeningPorts(Path.of("/proc/net"), programs, windows),
                new SshPasswordLogin(windows ? Path.of(System.getenv().getOrDefault("ProgramData", "C:\\ProgramData"), "ssh", "sshd_config")
                        : settings.sshdConfig(), programs, windows || settings.sshdConfig().equals(SshPasswordLogin.DEFAULT_CONFIG)),
                new SecurityUpdates(lastScan, SecurityUpdates.AUTO_UPGRADES, stateDir, clock),
                new RebootPending(RebootPending.RUN, lastScan, clock));
        List<Check> on = new ArrayList<>();
        for (Check c : all) {
            if (settings.runs(c.id())) {
                on.add(c);
            }
        }
        return new SecurityAgent(on, post, clock);
    }

    /** The round with the message's sequence number. */
    public static SecurityCheckMessages.Results numbered(SecurityCheckMessages.Results r, long seq) {
        return new SecurityCheckMessages.Results(seq, r.evaluatedAt(), r.results());
    }

    public SecurityCheckMessages.Plan plan() {
        return plan;
    }

    /** The server's answer to a round ({@link SecurityCheckMessages.ResultsResponse}): its plan applies from the next round on. */
    public void answer(byte[] body) {
        SecurityCheckMessages.ResultsResponse r = AgentJson.read(body, SecurityCheckMessages.ResultsResponse.class);
        if (!r.accepted()) {
            LOG.warning(() -> "the server did not store security round " + r.seq() + ": " + r.reason());
        }
        if (r.plan() != null) {
            applyPlan(r.plan());
        }
    }

    /** A new plan; a shorter interval takes effect at the run loop's next wake-up rather than after the old, longer wait. */
    public void applyPlan(SecurityCheckMessages.Plan next) {
        SecurityCheckMessages.Plan p = new SecurityCheckMessages.Plan(Math.max(1, next.everyMinutes()), Math.max(1, next.failedLogonWindowMinutes()),
                Math.max(0, next.failedLogonThreshold()), next.allowedPorts() == null ? List.of() : List.copyOf(next.allowedPorts()),
                next.admins() == null ? List.of() : List.copyOf(next.admins()), Math.max(0, next.maxRebootPendingHours()),
                Math.max(0, next.maxSecurityUpdateAgeDays()));
        plan = p;
    }

    /** Evaluates every check with the current plan, each on its own (one failing never stops the others). */
    public SecurityCheckMessages.Results evaluate() {
        SecurityCheckMessages.Plan p = plan;
        List<SecurityCheckMessages.Result> results = new ArrayList<>(checks.size());
        for (Check c : checks) {
            SecurityCheckMessages.Result r;
            try {
                r = c.evaluate(p);
                if (r == null || !c.id().equals(r.check()) || !SecurityCheckMessages.STATUSES.contains(r.status())) {
                    r = Check.unknown(c.id(), "the check gave no valid result");
                }
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                r = Check.unknown(c.id(), "the check failed: " + e);
            }
            results.add(r);
        }
        return new SecurityCheckMessages.Results(0, clock.millis(), results);
    }

    /** One round: evaluates, counts it for the schedule and posts it. */
    public SecurityCheckMessages.Results round() {
        SecurityCheckMessages.Results r = evaluate();
        lastRound = clock.instant();
        post.accept(r);
        return r;
    }

    /** When the next round is due: at once before the first (the epoch), then {@code everyMinutes} after the last. */
    public Instant due() {
        Instant last = lastRound;
        return last == null ? Instant.EPOCH : last.plus(Duration.ofMinutes(plan.everyMinutes()));
    }

    /**
     * Starts a round on a thread of its own when one is due and none runs; the thread ends with the round, so between
     * rounds (an hour by default) the agent keeps no stack for them. The agent's run loop calls this each time it wakes.
     *
     * @return whether a round was started
     */
    public synchronized boolean runIfDue() {
        if (stopped || running != null && running.isAlive() || clock.instant().isBefore(due())) {
            return false;
        }
        running = new Thread(null, this::roundAndLog, "steward-security", 256 * 1024);
        running.setDaemon(true);
        running.start();
        return true;
    }

    /** No round starts after this; one that runs ends on its own (its programs have timeouts). */
    public synchronized void stop() {
        stopped = true;
    }

    /** The round that runs now, if any (tests wait for it). */
    synchronized Thread running() {
        return running;
    }

    private void roundAndLog() {
        try {
            SecurityCheckMessages.Results r = round();
            LOG.info(() -> "security checks: " + summary(r));
        } catch (RuntimeException e) {
            lastRound = clock.instant();
            LOG.warning(() -> "security checks could not be sent: " + e.getMessage());
        }
    }

    private static String summary(SecurityCheckMessages.Results r) {
        StringBuilder s = new StringBuilder();
        for (SecurityCheckMessages.Result x : r.results()) {
            s.append(s.isEmpty() ? "" : ", ").append(x.check()).append(' ').append(x.status());
        }
        return s.toString();
    }
}
