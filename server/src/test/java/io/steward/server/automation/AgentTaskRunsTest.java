package io.steward.server.automation;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.config.TaskSettings;
import io.steward.agent.task.ScriptRunner;
import io.steward.agent.task.TaskLoop;
import io.steward.agent.task.TaskPolicy;
import io.steward.agent.transport.AgentHttp;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.TaskMessages;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real agent's task loop (its own code, on loopback) against the real server: scripts run with output, exit code
 * and duration stored; a timeout kills the script with its child; output past the limit is cut and its hash still
 * right; a cancellation stops a running script. And every order it must refuse is refused with its reason, with
 * nothing run (a marker file stays absent), an alert on the device and an audit entry.
 * Until the signer part is merged, orders are signed here with a key this test made and pinned in the agents'
 * settings, as enrollment pins the signer's; the server's checks are the real ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentTaskRunsTest extends IntegrationTest {
    static final String ALL = "all";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;

    final KeyPair signer = DeviceKeys.generate();
    final List<TaskLoop> loops = new ArrayList<>();
    Path markers;
    UUID clientId;
    UUID requester;
    Agent full;
    Agent off;
    Agent standardOnly;

    record Agent(UUID deviceId, TestAgent enrolled, TaskLoop loop) {
    }

    @BeforeAll
    void agents() throws Exception {
        markers = Files.createTempDirectory("steward-task-markers");
        clientId = UUID.fromString(OwnData.client(adminApi(), "Agent Tasks"));
        requester = TenantContext.callAsSystem(() -> jdbc.sql("SELECT id FROM app_user ORDER BY created_at LIMIT 1").query(UUID.class).single());
        full = agent("tasks-full", new TaskPolicy(TaskPolicy.Mode.ALL, Set.of("bash", "sh"), 600, Set.of()));
        off = agent("tasks-off", TaskPolicy.OFF);
        standardOnly = agent("tasks-standard", new TaskPolicy(TaskPolicy.Mode.STANDARD, Set.of("bash", "sh"), 600, Set.of()));
    }

    @AfterAll
    void stop() {
        loops.forEach(TaskLoop::stop);
    }

    /** Enrolls a device (the enrollment answer names its client), then starts the agent's task loop with its own settings. */
    private Agent agent(String hostname, TaskPolicy policy) throws Exception {
        HttpResponse<String> token = adminApi().json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}");
        TestAgent enrolled = new TestAgent("http://localhost:" + port);
        HttpResponse<String> answer = enrolled.enroll(jsonString(token.body(), "token"), hostname + "-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(jsonString(answer.body(), "clientId")).isEqualTo(clientId.toString());
        Path dir = Files.createTempDirectory("steward-task-agent");
        PrivateKeyFile.write(dir, enrolled.keys.getPrivate());
        new TaskSettings(Optional.of(clientId.toString()), Optional.of(DeviceKeys.encodePublic(signer.getPublic())), policy).store(dir);
        String user = System.getProperty("user.name");
        TaskLoop loop = new TaskLoop(new AgentHttp(URI.create("http://localhost:" + port), Optional.empty(), Clock.systemUTC()), enrolled.deviceId,
                enrolled.keys.getPrivate(), new SequenceFile(dir), dir, Clock.systemUTC(), new ScriptRunner(dir.resolve("work"), user), user);
        loop.start();
        loops.add(loop);
        return new Agent(UUID.fromString(enrolled.deviceId), enrolled, loop);
    }

    // ---- tasks as TASKS and the signer would leave them: approved, with a signed order per device, runs QUEUED

    private String marker() {
        return markers.resolve("ran-" + UUID.randomUUID()).toString();
    }

    private static String nonce() {
        byte[] b = new byte[16];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private DeviceOrder order(UUID task, UUID device, String script, String interpreter, int timeout, int limit, List<String> args) {
        Instant now = Instant.now();
        return new DeviceOrder(task, device, clientId, "cd".repeat(32), CanonicalText.sha256Hex(script.getBytes(StandardCharsets.UTF_8)), interpreter,
                "", timeout, limit, args, List.of(), List.of(), nonce(), now.minusSeconds(60), now.plus(Duration.ofHours(1)), null);
    }

    /** Stores an approved task of one device with the order (changed by {@code change}) signed by {@code key}, and wakes its agent. */
    private UUID task(Agent agent, String script, String interpreter, int timeout, int limit, List<String> args, UnaryOperator<DeviceOrder> change,
                      KeyPair key, UnaryOperator<SignedOrder> tamper) {
        UUID task = UUID.randomUUID();
        DeviceOrder order = change.apply(order(task, agent.deviceId(), script, interpreter, timeout, limit, args));
        SignedOrder signed = tamper.apply(SignedOrder.of(order, key.getPrivate()));
        insert(task, agent.deviceId(), script, interpreter, signed);
        events.publishEvent(new TaskApproved(task, new ClientId(clientId), List.of(new DeviceId(agent.deviceId()))));
        return task;
    }

    private UUID task(Agent agent, String script, int timeout, int limit, List<String> args) {
        return task(agent, script, "bash", timeout, limit, args, UnaryOperator.identity(), signer, UnaryOperator.identity());
    }

    private void insert(UUID task, UUID device, String script, String interpreter, SignedOrder signed) {
        Instant now = Instant.now();
        UUID scriptId = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        TenantContext.runAsSystem(() -> {
            jdbc.sql("INSERT INTO script (id, name, interpreter, created_at) VALUES (?, ?, ?, ?)")
                    .params(scriptId, "agent test " + scriptId, interpreter, Timestamp.from(now)).update();
            jdbc.sql("INSERT INTO script_version (id, script_id, number, sha256, body, timeout_seconds, output_limit_bytes, created_at) "
                            + "VALUES (?, ?, 1, ?, ?, 60, 65536, ?)")
                    .params(version, scriptId, CanonicalText.sha256Hex(script.getBytes(StandardCharsets.UTF_8)), script, Timestamp.from(now)).update();
            jdbc.sql("""
                            INSERT INTO task (id, client_id, script_version_id, target_kind, schedule, not_before, not_after, max_concurrent,
                                              stop_after_failures, state, spec, digest, requested_by, created_at)
                            VALUES (?, ?, ?, 'DEVICES', 'now', ?, ?, 10, 0, 'APPROVED', ?, ?, ?, ?)""")
                    .params(task, clientId, version, Timestamp.from(now.minusSeconds(60)), Timestamp.from(now.plus(Duration.ofHours(1))),
                            "spec".getBytes(StandardCharsets.UTF_8), new byte[32], requester, Timestamp.from(now)).update();
            jdbc.sql("INSERT INTO task_run (task_id, device_id, client_id, state, order_payload, order_signature, queued_at) VALUES (?, ?, ?, 'QUEUED', ?, ?, ?)")
                    .params(task, device, clientId, signed.order(), signed.signature(), Timestamp.from(now)).update();
        });
    }

    record Run(String state, String reason, Integer exitCode, Long durationMs, String stdout, String stderr, Long stdoutBytes, String stdoutSha256) {
    }

    private Run run(UUID task) {
        return TenantContext.callAsSystem(() -> jdbc.sql("""
                        SELECT state, reason, exit_code, duration_ms, stdout_tail, stderr_tail, stdout_bytes, stdout_sha256 FROM task_run WHERE task_id = ?""")
                .param(task).query((rs, n) -> new Run(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), (Long) rs.getObject(4),
                        rs.getString(5), rs.getString(6), (Long) rs.getObject(7), rs.getString(8))).single());
    }

    private Run await(UUID task, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Run r = run(task);
        while (!state.equals(r.state()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = run(task);
        }
        assertThat(r.state()).as(r.toString()).isEqualTo(state);
        return r;
    }

    private String taskState(UUID task) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT state FROM task WHERE id = ?").param(task).query(String.class).single());
    }

    // ---- runs

    @Test
    void aRealScriptRunsAndItsOutputExitCodeAndDurationAreStored() throws Exception {
        UUID task = task(full, "echo \"hello $1\"; echo warning >&2; sleep 0.2; exit 0\n", 60, 65536, List.of("world; rm -rf /"));
        Run r = await(task, "SUCCEEDED");
        assertThat(r.exitCode()).isZero();
        assertThat(r.durationMs()).isGreaterThanOrEqualTo(200);
        assertThat(r.stdout()).isEqualTo("hello world; rm -rf /\n");
        assertThat(r.stderr()).isEqualTo("warning\n");
        assertThat(r.stdoutBytes()).isEqualTo(22);
        assertThat(r.stdoutSha256()).isEqualTo(CanonicalText.sha256Hex("hello world; rm -rf /\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(taskState(task)).isEqualTo("DONE");

        UUID failing = task(full, "echo broken; exit 7\n", 60, 65536, List.of());
        Run f = await(failing, "FAILED");
        assertThat(f.exitCode()).isEqualTo(7);
        assertThat(f.stdout()).isEqualTo("broken\n");
    }

    @Test
    void aScriptThatPrintsANulByteStillFinishesAndItsOutputIsStored() throws Exception {
        // PostgreSQL text holds no NUL: the stored tail shows U+FFFD, the hash is of the raw bytes, and the run ends.
        UUID task = task(full, "printf 'a\\0b\\n'\n", 60, 65536, List.of());
        Run r = await(task, "SUCCEEDED");
        assertThat(r.stdout()).isEqualTo("a\uFFFDb\n");
        assertThat(r.stdoutSha256()).isEqualTo(CanonicalText.sha256Hex(new byte[] {'a', 0, 'b', '\n'}));
        assertThat(taskState(task)).isEqualTo("DONE");
    }

    @Test
    void aTimeoutKillsTheScriptTogetherWithItsChild() throws Exception {
        UUID task = task(full, "sleep 600 &\necho \"child $!\"\nwait\n", 2, 65536, List.of());
        Run r = await(task, "TIMED_OUT");
        long child = Long.parseLong(r.stdout().strip().replace("child ", ""));
        assertThat(r.reason()).contains("timeout of 2 s");
        assertThat(stillRunning(child)).as("the child " + child + " outlived the timeout").isFalse();
    }

    @Test
    void outputBeyondTheLimitIsCutAndItsHashIsOfTheWhole() throws Exception {
        UUID task = task(full, "for i in $(seq 1 20000); do echo \"line $i\"; done\n", 60, 1024, List.of());
        Run r = await(task, "SUCCEEDED");
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 20000; i++) {
            expected.append("line ").append(i).append('\n');
        }
        byte[] all = expected.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(r.stdoutBytes()).isEqualTo(all.length);
        assertThat(r.stdoutSha256()).isEqualTo(CanonicalText.sha256Hex(all));
        assertThat(r.stdout()).hasSize(1024).isEqualTo(expected.substring(expected.length() - 1024)).endsWith("line 20000\n");
    }

    @Test
    void aCancelledTaskStops() throws Exception {
        String marker = marker();
        UUID task = task(full, "sleep 600; touch " + marker + "\n", 300, 65536, List.of());
        await(task, "RUNNING");
        // As TASKS cancels: the run is flagged, the task's state changes, and TaskCancelled wakes the agent's poll.
        TenantContext.runAsSystem(() -> {
            jdbc.sql("UPDATE task SET state = 'CANCELLED' WHERE id = ?").param(task).update();
            jdbc.sql("UPDATE task_run SET cancel_requested = true WHERE task_id = ?").param(task).update();
        });
        events.publishEvent(new TaskCancelled(task, new ClientId(clientId), List.of(new DeviceId(full.deviceId()))));
        Run r = await(task, "CANCELLED");
        assertThat(r.durationMs()).isLessThan(60_000);
        assertThat(Path.of(marker)).doesNotExist();
        assertThat(taskState(task)).isEqualTo("CANCELLED");
    }

    // ---- refusals: nothing runs, the reason is reported, and the refusal is a security event on the server

    private void refused(UUID task, String marker, String reasonPart) throws Exception {
        Run r = await(task, "REFUSED");
        assertThat(r.reason()).contains(reasonPart);
        assertThat(r.exitCode()).isNull();
        assertThat(Path.of(marker)).as("the refused script ran").doesNotExist();
    }

    @Test
    void unsignedOrGarbageSignaturesAreRefused() throws Exception {
        String m = marker();
        UUID task = task(full, "touch " + m + "\n", "bash", 60, 65536, List.of(), UnaryOperator.identity(), signer, s -> new SignedOrder(s.order(), "garbage"));
        refused(task, m, "bad signature");
        // A refusal raises a critical alert on the device and is in the audit log.
        String alerts = adminApi().getJson("/api/v1/alerts?state=OPEN").body();
        assertThat(alerts).contains("\"instance\":\"" + task + "\"", "Task refused by the agent");
        int audited = TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'task.refused_by_agent' AND target_id = ?")
                .param(task.toString()).query(Integer.class).single());
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void anOrderSignedByAnotherKeyIsRefused() throws Exception {
        String m = marker();
        refused(task(full, "touch " + m + "\n", "bash", 60, 65536, List.of(), UnaryOperator.identity(), DeviceKeys.generate(), UnaryOperator.identity()),
                m, "bad signature");
    }

    @Test
    void aTaskRunRowInsertedStraightIntoTheDatabaseWithAForgedOrderIsRefused() throws Exception {
        // Whoever writes the database can make a run with any order, but cannot sign it with the pinned key.
        String m = marker();
        UUID task = UUID.randomUUID();
        String script = "touch " + m + "\n";
        DeviceOrder forged = order(task, full.deviceId(), script, "bash", 60, 65536, List.of());
        String payload = java.util.Base64.getEncoder().encodeToString(forged.canonical());
        String signature = SignedOrder.of(order(task, full.deviceId(), "true\n", "bash", 60, 65536, List.of()), signer.getPrivate()).signature();
        insert(task, full.deviceId(), script, "bash", new SignedOrder(payload, signature));
        events.publishEvent(new TaskApproved(task, new ClientId(clientId), List.of(new DeviceId(full.deviceId()))));
        refused(task, m, "bad signature");
    }

    @Test
    void anOrderForAnotherDeviceIsRefused() throws Exception {
        String m = marker();
        UUID other = off.deviceId();
        refused(task(full, "touch " + m + "\n", "bash", 60, 65536, List.of(), o -> new DeviceOrder(o.taskId(), other, o.clientId(), o.taskDigest(),
                o.scriptSha256(), o.interpreter(), o.runAs(), o.timeoutSeconds(), o.outputLimitBytes(), o.arguments(), o.environment(), o.secretHashes(),
                o.nonce(), o.notBefore(), o.notAfter(), null), signer, UnaryOperator.identity()), m, "another device");
    }

    @Test
    void anOrderForAnotherClientIsRefused() throws Exception {
        String m = marker();
        refused(task(full, "touch " + m + "\n", "bash", 60, 65536, List.of(), o -> new DeviceOrder(o.taskId(), o.deviceId(), UUID.randomUUID(),
                o.taskDigest(), o.scriptSha256(), o.interpreter(), o.runAs(), o.timeoutSeconds(), o.outputLimitBytes(), o.arguments(), o.environment(),
                o.secretHashes(), o.nonce(), o.notBefore(), o.notAfter(), null), signer, UnaryOperator.identity()), m, "another client");
    }

    @Test
    void aReplayedNonceIsRefused() throws Exception {
        String first = marker();
        String again = marker();
        String nonce = nonce();
        UnaryOperator<DeviceOrder> sameNonce = o -> new DeviceOrder(o.taskId(), o.deviceId(), o.clientId(), o.taskDigest(), o.scriptSha256(),
                o.interpreter(), o.runAs(), o.timeoutSeconds(), o.outputLimitBytes(), o.arguments(), o.environment(), o.secretHashes(), nonce,
                o.notBefore(), o.notAfter(), null);
        UUID one = task(full, "touch " + first + "\n", "bash", 60, 65536, List.of(), sameNonce, signer, UnaryOperator.identity());
        await(one, "SUCCEEDED");
        assertThat(Path.of(first)).exists();
        refused(task(full, "touch " + again + "\n", "bash", 60, 65536, List.of(), sameNonce, signer, UnaryOperator.identity()), again, "nonce replayed");
    }

    @Test
    void anExpiredOrderIsRefused() throws Exception {
        String m = marker();
        Instant past = Instant.now().minus(Duration.ofHours(1));
        refused(task(full, "touch " + m + "\n", "bash", 60, 65536, List.of(), o -> new DeviceOrder(o.taskId(), o.deviceId(), o.clientId(),
                o.taskDigest(), o.scriptSha256(), o.interpreter(), o.runAs(), o.timeoutSeconds(), o.outputLimitBytes(), o.arguments(), o.environment(),
                o.secretHashes(), o.nonce(), past.minusSeconds(600), past, null), signer, UnaryOperator.identity()), m, "expired");
    }

    @Test
    void aBodyNotMatchingTheSignedHashIsRefused() throws Exception {
        String m = marker();
        refused(task(full, "touch " + m + "\n", "bash", 60, 65536, List.of(), o -> new DeviceOrder(o.taskId(), o.deviceId(), o.clientId(),
                o.taskDigest(), CanonicalText.sha256Hex("echo harmless\n".getBytes(StandardCharsets.UTF_8)), o.interpreter(), o.runAs(),
                o.timeoutSeconds(), o.outputLimitBytes(), o.arguments(), o.environment(), o.secretHashes(), o.nonce(), o.notBefore(), o.notAfter(), null),
                signer, UnaryOperator.identity()), m, "does not match the signed hash");
    }

    @Test
    void theLocalPolicyRefuses() throws Exception {
        String m1 = marker();
        refused(task(off, "touch " + m1 + "\n", 60, 65536, List.of()), m1, "tasks are off");
        String m2 = marker();
        refused(task(standardOnly, "touch " + m2 + "\n", 60, 65536, List.of()), m2, "only standard changes");
        String m3 = marker();
        refused(task(full, "import pathlib; pathlib.Path('" + m3 + "').touch()\n", "python", 60, 65536, List.of(), UnaryOperator.identity(), signer,
                UnaryOperator.identity()), m3, "interpreter python is not allowed");
    }

    // ---- the endpoints take only well-formed, signed input

    @Test
    void badReportsAreClearClientErrors() {
        TestAgent a = full.enrolled();
        String rest = ",\"stdoutBytes\":0,\"stderrBytes\":0,\"at\":0}";
        HttpResponse<String> noTask = a.post(TaskMessages.REPORT_PATH, "{\"seq\":" + (1_000_000 + a.nextSeq()) + ",\"taskId\":\"nope\",\"state\":\"SUCCEEDED\""
                + rest, Instant.now());
        assertThat(noTask.statusCode()).as(noTask.body()).isEqualTo(400);
        assertThat(noTask.body()).contains("taskId");
        HttpResponse<String> badState = a.post(TaskMessages.REPORT_PATH, "{\"seq\":" + (1_000_000 + a.nextSeq()) + ",\"taskId\":\"" + UUID.randomUUID()
                + "\",\"state\":\"DONE\"" + rest, Instant.now());
        assertThat(badState.statusCode()).as(badState.body()).isEqualTo(400);
        assertThat(badState.body()).contains("state");
        HttpResponse<String> badHash = a.post(TaskMessages.REPORT_PATH, "{\"seq\":" + (1_000_000 + a.nextSeq()) + ",\"taskId\":\"" + UUID.randomUUID()
                + "\",\"state\":\"SUCCEEDED\",\"stdoutSha256\":\"xyz\"" + rest, Instant.now());
        assertThat(badHash.statusCode()).as(badHash.body()).isEqualTo(400);
        // A device reports only its own runs: another task id is simply not found.
        HttpResponse<String> unknown = a.post(TaskMessages.REPORT_PATH, "{\"seq\":" + (1_000_000 + a.nextSeq()) + ",\"taskId\":\"" + UUID.randomUUID()
                + "\",\"state\":\"SUCCEEDED\"" + rest, Instant.now());
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        UUID othersTask = UUID.randomUUID();
        insert(othersTask, off.deviceId(), "true\n", "bash", SignedOrder.of(order(othersTask, off.deviceId(), "true\n", "bash", 60, 1024, List.of()),
                signer.getPrivate()));
        HttpResponse<String> othersRun = a.post(TaskMessages.REPORT_PATH, "{\"seq\":" + (1_000_000 + a.nextSeq()) + ",\"taskId\":\"" + othersTask
                + "\",\"state\":\"SUCCEEDED\"" + rest, Instant.now());
        assertThat(othersRun.statusCode()).as(othersRun.body()).isEqualTo(404);
        HttpResponse<String> incomplete = a.post(TaskMessages.REPORT_PATH, "{\"seq\":" + (1_000_000 + a.nextSeq()) + ",\"taskId\":3}", Instant.now());
        assertThat(incomplete.statusCode()).as(incomplete.body()).isEqualTo(400);
        HttpResponse<String> notJson = a.post(TaskMessages.POLL_PATH, "{\"seq\":" + (1_000_000 + a.nextSeq()) + ",\"running\":\"x\"}", Instant.now());
        assertThat(notJson.statusCode()).as(notJson.body()).isEqualTo(400);
        HttpResponse<String> unsigned = a.post(TaskMessages.POLL_PATH, "{\"seq\":" + (1_000_000 + a.nextSeq()) + "}", Instant.now(), DeviceKeys.generate(),
                full.deviceId().toString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
    }

    /** Whether the process still runs: gone, or a zombie waiting for its (re)parent to reap it, both count as killed. Waits up to 10 s. */
    static boolean stillRunning(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            boolean running = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
            if (!running || System.nanoTime() > deadline) {
                return running;
            }
            Thread.sleep(100);
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
