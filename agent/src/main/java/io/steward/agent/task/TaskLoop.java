package io.steward.agent.task;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

import io.steward.agent.backup.RestoreTester;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.patch.PatchInstaller;
import io.steward.agent.config.TaskSettings;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.agent.transport.Backoff;
import io.steward.agent.transport.Delivery;
import io.steward.protocol.backup.RestoreTest;
import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.task.KeyRotation;
import io.steward.protocol.task.TaskMessages;

/**
 * The agent's task side: long-polls the server for orders, applies signer key rotations that continue from the pinned
 * key, verifies every delivered order before anything runs (refusals are reported with their reason), runs accepted
 * orders one at a time on a worker thread, stops queued or running ones the server cancels, and reports RUNNING and
 * each final state. Reports are numbered once and resent until the server has them (a resend of a stored one is 409,
 * which counts as delivered).
 */
public final class TaskLoop {
    private static final Logger LOG = Logger.getLogger(TaskLoop.class.getName());
    private static final int POLL_WAIT_SECONDS = 25;

    private final AgentHttp http;
    private final String deviceId;
    private final PrivateKey key;
    private final SequenceFile sequence;
    private final Path configDir;
    private final Clock clock;
    private final ScriptRunner runner;
    private final PatchInstaller patches;
    private final RestoreTester restores;
    private final OrderVerifier verifier;
    private final Backoff backoff = new Backoff(RandomGenerator.getDefault());
    private volatile TaskSettings settings;
    private final Deque<TaskMessages.Report> reports = new ArrayDeque<>();
    private final LinkedBlockingDeque<OrderVerifier.Accepted> queue = new LinkedBlockingDeque<>();
    private final Map<String, ScriptRunner.Handle> running = new LinkedHashMap<>();
    private volatile boolean stopped;

    public TaskLoop(AgentHttp http, String deviceId, PrivateKey key, SequenceFile sequence, Path configDir, Clock clock, ScriptRunner runner,
                    String agentUser) {
        this(http, deviceId, key, sequence, configDir, clock, runner, null, agentUser);
    }

    /** @param patches runs orders of the built-in {@code patch} interpreter; null where the agent knows no package manager */
    public TaskLoop(AgentHttp http, String deviceId, PrivateKey key, SequenceFile sequence, Path configDir, Clock clock, ScriptRunner runner,
                    PatchInstaller patches, String agentUser) {
        this(http, deviceId, key, sequence, configDir, clock, runner, patches, null, agentUser);
    }

    /** @param restores runs orders of the built-in {@code restore-test} interpreter; null where the device has no backup settings */
    public TaskLoop(AgentHttp http, String deviceId, PrivateKey key, SequenceFile sequence, Path configDir, Clock clock, ScriptRunner runner,
                    PatchInstaller patches, RestoreTester restores, String agentUser) {
        this.patches = patches;
        this.restores = restores;
        this.http = http;
        this.deviceId = deviceId;
        this.key = key;
        this.sequence = sequence;
        this.configDir = configDir;
        this.clock = clock;
        this.runner = runner;
        this.settings = TaskSettings.load(configDir);
        this.verifier = new OrderVerifier(deviceId, settings.clientId(), settings.policy(), new NonceStore(configDir), agentUser);
    }

    /** Starts the poller and the worker as daemon threads; {@link #stop()} ends both. */
    public void start() {
        // Plain platform threads with small stacks: virtual threads or thread builders would load classes the agent's
        // footprint (BENCHMARKS.md, "Agent footprint") has no room for.
        daemon("steward-task-poll", this::pollForever).start();
        daemon("steward-task-run", this::workForever).start();
    }

    static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(null, work, name, 256 * 1024);
        t.setDaemon(true);
        return t;
    }

    public void stop() {
        stopped = true;
        synchronized (running) {
            running.values().forEach(ScriptRunner.Handle::cancel);
        }
    }

    private void pollForever() {
        while (!stopped) {
            Duration pause = pollOnce();
            if (pause.isPositive()) {
                sleep(pause);
            }
        }
    }

    /** One long poll and what follows from it; returns how long to wait before the next. */
    Duration pollOnce() {
        flushReports();
        TaskMessages.Poll poll = new TaskMessages.Poll(sequence.next(), POLL_WAIT_SECONDS, holding());
        Delivery outcome = http.post(TaskMessages.POLL_PATH, AgentJson.write(poll), deviceId, key);
        // instanceof rather than a type switch: each type switch spins a class of its own at run time (agent footprint).
        if (outcome instanceof Delivery.Delivered d) {
            backoff.reset();
            if (d.body().length > 0) {
                try {
                    handle(AgentJson.read(d.body(), TaskMessages.PollResponse.class));
                } catch (RuntimeException e) {
                    LOG.warning(() -> "unreadable task poll answer: " + e.getMessage());
                    return Duration.ofSeconds(5);
                }
            }
            return Duration.ZERO;
        }
        if (outcome instanceof Delivery.Retry r) {
            Duration wait = backoff.nextDelay(r.retryAfter());
            LOG.fine(() -> "task poll failed: " + r.reason() + "; next in " + wait.toSeconds() + " s");
            return wait;
        }
        Delivery.Refused refused = (Delivery.Refused) outcome;
        LOG.warning(() -> "task poll refused: " + refused.reason());
        return Duration.ofSeconds(refused.status() == 404 ? 300 : 60);
    }

    private List<String> holding() {
        List<String> ids = new ArrayList<>();
        synchronized (running) {
            ids.addAll(running.keySet());
        }
        queue.forEach(a -> ids.add(a.order().taskId().toString()));
        return ids;
    }

    private void handle(TaskMessages.PollResponse answer) {
        if (answer.rotations() != null) {
            rotate(answer.rotations());
        }
        if (answer.cancel() != null) {
            for (String id : answer.cancel()) {
                cancel(id);
            }
        }
        if (answer.tasks() == null) {
            return;
        }
        Optional<PublicKey> pinned = OrderVerifier.key(settings.signerKey());
        for (TaskMessages.Delivery delivery : answer.tasks()) {
            OrderVerifier.Verdict verdict = verifier.verify(delivery, pinned, clock.instant());
            if (verdict instanceof OrderVerifier.Refused r) {
                LOG.warning(() -> "refused task " + r.taskId() + ": " + r.reason());
                if (r.taskId() != null) {
                    report(r.taskId(), "REFUSED", r.reason(), null);
                }
            } else {
                OrderVerifier.Accepted a = (OrderVerifier.Accepted) verdict;
                try {
                    verifier.accept(a, clock.instant());
                    queue.add(a);
                } catch (RuntimeException e) {
                    report(a.order().taskId().toString(), "REFUSED", "cannot record the order's nonce: " + e.getMessage(), null);
                }
            }
        }
        flushReports();
    }

    /** Applies the rotations that continue from the pinned key, in order; others (older ones, forgeries) are ignored. */
    private void rotate(List<KeyRotation> rotations) {
        for (KeyRotation rotation : rotations) {
            Optional<PublicKey> pinned = OrderVerifier.key(settings.signerKey());
            if (pinned.isEmpty() || rotation == null) {
                return;
            }
            try {
                String next = rotation.verify(pinned.get());
                if (OrderVerifier.key(Optional.of(next)).isEmpty()) {
                    continue;
                }
                TaskSettings rotated = settings.withSignerKey(next);
                rotated.store(configDir);
                settings = rotated;
                LOG.info("the task signer's key was rotated by a statement its previous key signed");
            } catch (RuntimeException e) {
                // not from the pinned key: an older rotation already applied, or not the signer's
            }
        }
    }

    private void cancel(String taskId) {
        boolean removed = queue.removeIf(a -> a.order().taskId().toString().equals(taskId));
        if (removed) {
            report(taskId, "CANCELLED", "cancelled before it started", null);
        }
        synchronized (running) {
            ScriptRunner.Handle h = running.get(taskId);
            if (h != null) {
                h.cancel();
            }
        }
    }

    private void workForever() {
        while (!stopped) {
            OrderVerifier.Accepted next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            runOne(next);
        }
    }

    void runOne(OrderVerifier.Accepted accepted) {
        String id = accepted.order().taskId().toString();
        ScriptRunner.Handle handle = new ScriptRunner.Handle();
        synchronized (running) {
            running.put(id, handle);
        }
        try {
            report(id, "RUNNING", null, null);
            flushReports();
            ScriptRunner.Result result = run(accepted, handle);
            report(id, result.state(), result.reason(), result);
            flushReports();
        } finally {
            synchronized (running) {
                running.remove(id);
            }
        }
    }

    private ScriptRunner.Result run(OrderVerifier.Accepted accepted, ScriptRunner.Handle handle) {
        if (RestoreTest.INTERPRETER.equals(accepted.order().interpreter())) {
            return restores != null ? restores.run(accepted, handle)
                    : new ScriptRunner.Result("FAILED", "this device has no backup jobs configured (backup.properties)", null, 0, "", "", 0, 0, null, null);
        }
        if (!PatchInstall.INTERPRETER.equals(accepted.order().interpreter())) {
            return runner.run(accepted, handle);
        }
        if (patches == null) {
            return new ScriptRunner.Result("FAILED", "this device has no package manager the agent can install with", null, 0, "", "", 0, 0,
                    null, null);
        }
        return patches.run(accepted, handle);
    }

    private void report(String taskId, String state, String reason, ScriptRunner.Result r) {
        TaskMessages.Report report = r == null
                ? new TaskMessages.Report(sequence.next(), taskId, state, limit(reason), null, null, null, null, 0, 0, null, null, clock.millis())
                : new TaskMessages.Report(sequence.next(), taskId, state, limit(reason), r.exitCode(), r.durationMs(), r.stdoutTail(), r.stderrTail(),
                r.stdoutBytes(), r.stderrBytes(), r.stdoutSha256(), r.stderrSha256(), clock.millis());
        synchronized (reports) {
            reports.add(report);
        }
    }

    /** Sends waiting reports in order until one must wait; a refused one is dropped (sending it again would be refused again). */
    void flushReports() {
        synchronized (reports) {
            while (!reports.isEmpty()) {
                TaskMessages.Report next = reports.peek();
                Delivery outcome = http.post(TaskMessages.REPORT_PATH, AgentJson.write(next), deviceId, key);
                if (outcome instanceof Delivery.Retry r) {
                    LOG.fine(() -> "task report waits: " + r.reason());
                    return;
                }
                if (outcome instanceof Delivery.Refused r) {
                    LOG.warning(() -> "task report for " + next.taskId() + " refused: " + r.reason());
                }
                reports.poll();
            }
        }
    }

    /** Whether nothing waits to be run or reported (for tests and the bench). */
    public boolean idle() {
        synchronized (reports) {
            synchronized (running) {
                return reports.isEmpty() && queue.isEmpty() && running.isEmpty();
            }
        }
    }

    private static String limit(String reason) {
        return reason == null || reason.length() <= 900 ? reason : reason.substring(0, 900);
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            stopped = true;
        }
    }
}
