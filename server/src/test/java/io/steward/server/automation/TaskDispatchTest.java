package io.steward.server.automation;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dispatch as agents see it through their poll: a held poll is answered as soon as a task is approved; delivery keeps
 * to max_concurrent, the schedule (a start time, the device's maintenance window) and the expiry; too many failures
 * stop the task and cancel what was not delivered; a task is DONE when all its runs are final.
 */
class TaskDispatchTest extends IntegrationTest {
    static final String SCRIPT = "true\n";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;

    final KeyPair signer = DeviceKeys.generate();

    private record Tasked(UUID task, List<TestAgent> agents) {
    }

    private UUID insert(String clientId, List<TestAgent> agents, String schedule, Instant notBefore, Instant notAfter, int maxConcurrent, int stopAfter) {
        UUID client = UUID.fromString(clientId);
        UUID task = UUID.randomUUID();
        UUID scriptId = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        Instant now = Instant.now();
        TenantContext.runAsSystem(() -> {
            UUID requester = jdbc.sql("SELECT id FROM app_user ORDER BY created_at LIMIT 1").query(UUID.class).single();
            jdbc.sql("INSERT INTO script (id, name, interpreter, created_at) VALUES (?, ?, 'bash', ?)").params(scriptId, "dispatch " + scriptId,
                    Timestamp.from(now)).update();
            jdbc.sql("INSERT INTO script_version (id, script_id, number, sha256, body, timeout_seconds, output_limit_bytes, created_at) "
                    + "VALUES (?, ?, 1, ?, ?, 60, 65536, ?)").params(version, scriptId, sha(SCRIPT), SCRIPT, Timestamp.from(now)).update();
            jdbc.sql("""
                            INSERT INTO task (id, client_id, script_version_id, target_kind, schedule, not_before, not_after, max_concurrent,
                                              stop_after_failures, state, spec, digest, requested_by, created_at)
                            VALUES (?, ?, ?, 'DEVICES', ?, ?, ?, ?, ?, 'APPROVED', ?, ?, ?, ?)""")
                    .params(task, client, version, schedule, Timestamp.from(notBefore), Timestamp.from(notAfter), maxConcurrent, stopAfter,
                            "spec".getBytes(StandardCharsets.UTF_8), new byte[32], requester, Timestamp.from(now)).update();
            for (TestAgent a : agents) {
                DeviceOrder order = new DeviceOrder(task, UUID.fromString(a.deviceId), client, "ef".repeat(32), sha(SCRIPT), "bash", "", 60, 1024,
                        List.of(), List.of(), List.of(), HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 16), notBefore, notAfter, null);
                SignedOrder signed = SignedOrder.of(order, signer.getPrivate());
                jdbc.sql("INSERT INTO task_run (task_id, device_id, client_id, state, order_payload, order_signature, queued_at) "
                                + "VALUES (?, ?, ?, 'QUEUED', ?, ?, ?)")
                        .params(task, UUID.fromString(a.deviceId), client, signed.order(), signed.signature(), Timestamp.from(now)).update();
            }
        });
        return task;
    }

    private static String sha(String s) {
        return CanonicalText.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> poll(TestAgent a, int waitSeconds) {
        return a.post(TaskMessages.POLL_PATH, "{\"seq\":" + a.nextSeq() + ",\"waitSeconds\":" + waitSeconds + ",\"running\":[]}", Instant.now());
    }

    private static HttpResponse<String> report(TestAgent a, UUID task, String state) {
        return a.post(TaskMessages.REPORT_PATH, "{\"seq\":" + a.nextSeq() + ",\"taskId\":\"" + task + "\",\"state\":\"" + state
                + "\",\"reason\":null,\"exitCode\":1,\"durationMs\":5,\"stdoutTail\":\"\",\"stderrTail\":\"\",\"stdoutBytes\":0,\"stderrBytes\":0,"
                + "\"stdoutSha256\":null,\"stderrSha256\":null,\"at\":0}", Instant.now());
    }

    private String runState(UUID task, TestAgent a) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT state FROM task_run WHERE task_id = ? AND device_id = ?")
                .params(task, UUID.fromString(a.deviceId)).query(String.class).single());
    }

    private String taskState(UUID task) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT state FROM task WHERE id = ?").param(task).query(String.class).single());
    }

    @Test
    void aRunWhoseAgentFellSilentTimesOutAfterItsTimeoutAndAGrace() {
        String client = OwnData.client(adminApi(), "Dispatch silent");
        TestAgent a = OwnData.approvedDevice(adminApi(), port, client, "silent-" + UUID.randomUUID().toString().substring(0, 6));
        Instant now = Instant.now();
        UUID task = insert(client, List.of(a), "now", now.minusSeconds(60), now.plus(Duration.ofHours(1)), 10, 0);
        assertThat(poll(a, 0).body()).contains("\"script\":\"true\\n\"");
        assertThat(runState(task, a)).isEqualTo("DELIVERED");
        assertThat(report(a, task, "RUNNING").statusCode()).isEqualTo(204);
        // Within its 60 s timeout and the grace, a run stays RUNNING however often the device polls.
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE task_run SET started_at = ? WHERE task_id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(60 + 540)), task).update());
        poll(a, 0);
        assertThat(runState(task, a)).isEqualTo("RUNNING");
        // Past them, it timed out as far as anyone can tell, and its task is done.
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE task_run SET started_at = ? WHERE task_id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(60 + 660)), task).update());
        poll(a, 0);
        assertThat(runState(task, a)).isEqualTo("TIMED_OUT");
        assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT reason FROM task_run WHERE task_id = ?").param(task).query(String.class).single()))
                .contains("did not report the end of the run");
        assertThat(taskState(task)).isEqualTo("DONE");
    }

    @Test
    void aHeldPollIsAnsweredAsSoonAsATaskIsApproved() throws Exception {
        String client = OwnData.client(adminApi(), "Dispatch wake");
        TestAgent a = OwnData.approvedDevice(adminApi(), port, client, "wake-" + UUID.randomUUID().toString().substring(0, 6));
        // Nothing there: a short poll is answered empty once its wait is over.
        HttpResponse<String> empty = poll(a, 0);
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
        assertThat(empty.body()).contains("\"tasks\":[]", "\"cancel\":[]");

        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> poll(a, 20));
        Thread.sleep(1000);
        assertThat(held).isNotDone();
        Instant now = Instant.now();
        UUID task = insert(client, List.of(a), "now", now.minusSeconds(60), now.plus(Duration.ofHours(1)), 10, 0);
        long t0 = System.nanoTime();
        events.publishEvent(new TaskApproved(task, new ClientId(UUID.fromString(client)), List.of(new DeviceId(UUID.fromString(a.deviceId)))));
        HttpResponse<String> answer = held.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"script\":\"true\\n\"", jsonString(answer.body(), "order"));
        assertThat(ms).as("woken after " + ms + " ms").isLessThan(5000);
        assertThat(runState(task, a)).isEqualTo("DELIVERED");
        assertThat(taskState(task)).isEqualTo("RUNNING");
        // The same poll sequence number again is a replay.
        HttpResponse<String> replay = a.post(TaskMessages.POLL_PATH, "{\"seq\":" + 1 + ",\"waitSeconds\":0,\"running\":[]}", Instant.now());
        assertThat(replay.statusCode()).isEqualTo(409);

        assertThat(report(a, task, "RUNNING").statusCode()).isEqualTo(204);
        assertThat(runState(task, a)).isEqualTo("RUNNING");
        assertThat(report(a, task, "SUCCEEDED").statusCode()).isEqualTo(204);
        assertThat(runState(task, a)).isEqualTo("SUCCEEDED");
        assertThat(taskState(task)).isEqualTo("DONE");
        // A final run takes no further report.
        assertThat(report(a, task, "FAILED").statusCode()).isEqualTo(409);
        assertThat(runState(task, a)).isEqualTo("SUCCEEDED");
    }

    @Test
    void deliveryKeepsToMaxConcurrentAndStopsAfterTooManyFailures() {
        String client = OwnData.client(adminApi(), "Dispatch rollout");
        TestAgent a = OwnData.approvedDevice(adminApi(), port, client, "roll-a");
        TestAgent b = OwnData.approvedDevice(adminApi(), port, client, "roll-b");
        TestAgent c = OwnData.approvedDevice(adminApi(), port, client, "roll-c");
        Instant now = Instant.now();
        UUID task = insert(client, List.of(a, b, c), "now", now.minusSeconds(60), now.plus(Duration.ofHours(1)), 1, 2);
        assertThat(poll(a, 0).body()).contains("\"order\":");
        // One at a time: b waits while a's run is in flight.
        assertThat(poll(b, 0).body()).contains("\"tasks\":[]");
        assertThat(runState(task, b)).isEqualTo("QUEUED");
        assertThat(report(a, task, "FAILED").statusCode()).isEqualTo(204);
        assertThat(poll(b, 0).body()).contains("\"order\":");
        assertThat(report(b, task, "TIMED_OUT").statusCode()).isEqualTo(204);
        // Two failures: the task stops and c's run, never delivered, is cancelled.
        assertThat(taskState(task)).isEqualTo("STOPPED");
        assertThat(runState(task, c)).isEqualTo("CANCELLED");
        assertThat(poll(c, 0).body()).contains("\"tasks\":[]");
    }

    @Test
    void theScheduleAndTheExpiryAreKept() {
        String client = OwnData.client(adminApi(), "Dispatch schedule");
        TestAgent a = OwnData.approvedDevice(adminApi(), port, client, "sched-a");
        Instant now = Instant.now();
        UUID later = insert(client, List.of(a), "at", now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(3)), 10, 0);
        UUID inWindow = insert(client, List.of(a), "window", now.minusSeconds(60), now.plus(Duration.ofHours(3)), 10, 0);
        UUID expired = insert(client, List.of(a), "now", now.minus(Duration.ofHours(2)), now.minusSeconds(5), 10, 0);
        String answer = poll(a, 0).body();
        assertThat(answer).contains("\"tasks\":[]");
        assertThat(runState(later, a)).isEqualTo("QUEUED");
        assertThat(runState(inWindow, a)).isEqualTo("QUEUED");
        assertThat(runState(expired, a)).isEqualTo("EXPIRED");
        assertThat(taskState(expired)).isEqualTo("DONE");

        // Inside a maintenance window of the device, the window task goes out; the one for later still waits.
        HttpResponse<String> window = adminApi().json("POST", "/api/v1/clients/" + client + "/maintenance-windows", "{\"deviceId\":\"" + a.deviceId
                + "\",\"startsAt\":\"" + now.minusSeconds(600) + "\",\"endsAt\":\"" + now.plus(Duration.ofHours(1)) + "\",\"reason\":\"patch night\"}");
        assertThat(window.statusCode()).as(window.body()).isEqualTo(201);
        assertThat(poll(a, 0).body()).contains("\"order\":");
        assertThat(runState(inWindow, a)).isEqualTo("DELIVERED");
        assertThat(runState(later, a)).isEqualTo("QUEUED");
    }

    /**
     * One approval wakes many held polls at once; they are looked at together. Each agent gets exactly its own
     * device's order as stored (signed) for it, max_concurrent holds across the lot, and a device of another client
     * woken at the same moment gets nothing.
     */
    @Test
    void manyHeldPollsWokenByOneApprovalEachGetTheirOwnOrderAndMaxConcurrentHolds() throws Exception {
        String client = OwnData.client(adminApi(), "Dispatch fan-out");
        String other = OwnData.client(adminApi(), "Dispatch fan-out other");
        List<TestAgent> fleet = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            fleet.add(OwnData.approvedDevice(adminApi(), port, client, "fan-" + i + "-" + UUID.randomUUID().toString().substring(0, 6)));
        }
        TestAgent outsider = OwnData.approvedDevice(adminApi(), port, other, "fan-other-" + UUID.randomUUID().toString().substring(0, 6));
        List<TestAgent> all = new java.util.ArrayList<>(fleet);
        all.add(outsider);
        java.util.Map<TestAgent, HttpResponse<String>> answers = new java.util.concurrent.ConcurrentHashMap<>();
        UUID task;
        try (var pollers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> held = all.stream()
                    .map(a -> CompletableFuture.runAsync(() -> answers.put(a, poll(a, 6)), pollers)).toList();
            Thread.sleep(1500);
            assertThat(held).noneMatch(CompletableFuture::isDone);
            Instant now = Instant.now();
            task = insert(client, fleet, "now", now.minusSeconds(60), now.plus(Duration.ofHours(1)), 8, 0);
            events.publishEvent(new TaskApproved(task, new ClientId(UUID.fromString(client)),
                    all.stream().map(a -> new DeviceId(UUID.fromString(a.deviceId))).toList()));
            CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        int delivered = 0;
        for (TestAgent a : fleet) {
            HttpResponse<String> r = answers.get(a);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            tools.jackson.databind.JsonNode tasks = new tools.jackson.databind.ObjectMapper().readTree(r.body()).get("tasks");
            if (tasks.isEmpty()) {
                assertThat(runState(task, a)).isEqualTo("QUEUED");
                continue;
            }
            delivered++;
            assertThat(tasks).hasSize(1);
            java.util.Map<String, Object> stored = TenantContext.callAsSystem(() -> jdbc.sql(
                            "SELECT order_payload, order_signature, state FROM task_run WHERE task_id = ? AND device_id = ?")
                    .params(task, UUID.fromString(a.deviceId)).query().singleRow());
            assertThat(tasks.get(0).get("order").get("order").asString()).isEqualTo(stored.get("order_payload"));
            assertThat(tasks.get(0).get("order").get("signature").asString()).isEqualTo(stored.get("order_signature"));
            assertThat(stored.get("state")).isEqualTo("DELIVERED");
            assertThat(new SignedOrder((String) stored.get("order_payload"), (String) stored.get("order_signature")).verify(signer.getPublic()).deviceId())
                    .isEqualTo(UUID.fromString(a.deviceId));
        }
        assertThat(delivered).isEqualTo(8);
        assertThat(answers.get(outsider).body()).contains("\"tasks\":[]");

        // Three finish: exactly three of the four waiting get theirs on their next poll.
        List<TestAgent> running = fleet.stream().filter(a -> "DELIVERED".equals(runState(task, a))).toList();
        for (TestAgent a : running.subList(0, 3)) {
            assertThat(report(a, task, "SUCCEEDED").statusCode()).isEqualTo(204);
        }
        long next = fleet.stream().filter(a -> "QUEUED".equals(runState(task, a))).map(a -> poll(a, 0).body())
                .filter(b -> b.contains("\"order\":")).count();
        assertThat(next).isEqualTo(3);
    }
}
