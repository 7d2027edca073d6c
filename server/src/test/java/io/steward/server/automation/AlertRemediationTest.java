package io.steward.server.automation;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.steward.server.alerting.AlertRaised;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.support.TestAgent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import io.steward.server.support.Await;
import io.steward.server.support.OwnData;
import io.steward.server.support.StandardChangeFlow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remediation from alerts, end to end: the real agent (its own process, on loopback, tasks limited to standard changes
 * at enrollment) reports a breaching test metric, the alert's policy has a remediation rule naming a standard script
 * (made standard by two people's software passkeys, which the real child signer trusts), the signer signs the run for
 * that device, the agent runs it, the script rewrites the test metric to a normal value, the alert clears, and the
 * incident resolves as remediated automatically, counted by the monthly report. Each test makes its own client,
 * devices, policy, people and script.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertRemediationTest extends TaskTestBase {
    static final String BODY = "#!/bin/bash\nprintf 'test.remedy.disk1=42\\n' > \"$1\"\necho \"rewrote $1\"\n";

    Person manager;
    /** The second person who approves the standard change: another service manager. */
    Person admin;
    Person technician;
    String client;

    /**
     * The people, once for the class: service managers and a technician (no more admins, whose e-mail addresses would sort
     * before the demo's in the users list that other tests read).
     */
    @BeforeAll
    void people() {
        manager = staff("SERVICE_MANAGER", List.of());
        admin = staff("SERVICE_MANAGER", List.of());
        technician = staff("TECHNICIAN", List.of());
        signerTrusts(manager, manager.passkey());
        signerTrusts(admin, admin.passkey());
    }

    @BeforeEach
    void ownClient() {
        client = OwnData.client(adminApi(), "Remediation");
    }

    /** A script taking FILE (one of {@code choices}) as its argument, made standard for the client with only {@code allowed}. */
    String standardScript(List<String> choices, String allowed) {
        Map<String, Object> s = ScriptLibraryTest.script("Fix test metric " + UUID.randomUUID(), BODY,
                List.of(ScriptLibraryTest.param("FILE", "CHOICE", "choices", choices, "delivery", "ARGUMENT", "required", true)));
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/scripts", JSON.writeValueAsString(s));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String version = JSON.readTree(created.body()).get("latest").get("id").asString();

        StandardChangeFlow.approved(manager.http(), manager.passkey(), admin.http(), admin.passkey(), Map.of("scriptVersionId", version,
                "scopeClientId", client, "notAfter", Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString(),
                "allowed", Map.of("FILE", List.of(allowed))), signingOrigin());
        return version;
    }

    String policy(String metric) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"Remedy " + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"metric\":\"" + metric + "\",\"comparison\":\"ABOVE\",\"threshold\":90,\"recoveryThreshold\":80,\"severity\":\"CRITICAL\","
                + "\"clientId\":\"" + client + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "id");
    }

    HttpResponse<String> rule(Person who, String policy, String version, Map<String, String> values, int attempts) {
        return who.http().json("POST", "/api/v1/remediation-rules", JSON.writeValueAsString(Map.of("policyId", policy, "scriptVersionId", version,
                "parameters", values, "maxAttempts", attempts)));
    }

    <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        return Await.until(what, Duration.ofSeconds(120), probe);
    }

    <T> Optional<T> sql(String query, Class<T> type, Object... params) {
        return TenantContext.callAsSystem(() -> jdbc.sql(query).params(List.of(params)).query(type).optional());
    }

    @Test
    void aBreachingMetricIsRemediatedOnItsDeviceAndTheIncidentResolvesAsRemediatedAutomatically() throws Exception {
        Path jar = Path.of("..", "agent", "target", "steward-agent.jar").toAbsolutePath().normalize();
        assertThat(jar).as("build the agent first (the reactor build does: bin/test)").exists();
        Path config = Files.createTempDirectory("steward-remedy-agent");
        Path metrics = config.resolve("test-metrics.properties");
        String version = standardScript(List.of(metrics.toString(), "/nonexistent/other.properties"), metrics.toString());
        String policy = policy("test.remedy");
        HttpResponse<String> created = rule(manager, policy, version, Map.of("FILE", metrics.toString()), 2);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(manager.http().page("/automation/remediation")).contains("rule-" + jsonString(created.body(), "id"));

        HttpResponse<String> token = adminApi().json("POST", "/api/v1/clients/" + client + "/enrollment-tokens",
                "{\"name\":\"remediation agent\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        Result enrolled = run(jar, "enroll", "--server", "http://localhost:" + port, "--token", jsonString(token.body(), "token"), "--config-dir",
                config.toString(), "--tasks", "standard", "--interpreters", "bash", "--signer-fingerprint", signerFingerprint());
        assertThat(enrolled.exit()).as(enrolled.output()).isZero();
        UUID device = UUID.fromString(match(Files.readString(config.resolve("agent.properties")), "deviceId=([0-9a-f-]{36})"));

        Files.writeString(metrics, "test.remedy.disk1=97.5\n");
        Path log = Files.createTempFile("steward-remedy-agent", ".log");
        Process agent = new ProcessBuilder(javaCommand(jar, "run", "--metrics-interval", "1", "--config-dir", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        UUID alert;
        UUID ticket;
        UUID task;
        try {
            alert = await("the alert opened", () -> sql("SELECT id FROM alert WHERE policy_id = ? AND device_id = ?", UUID.class,
                    UUID.fromString(policy), device));
            ticket = await("the incident opened", () -> sql("SELECT ticket_id FROM alert WHERE id = ? AND ticket_id IS NOT NULL", UUID.class, alert));
            task = await("the incident marked remediated", () -> sql("SELECT remediated_by_task FROM ticket WHERE id = ? AND remediated_by_task IS NOT NULL",
                    UUID.class, ticket));
        } finally {
            agent.destroy();
            if (!agent.waitFor(15, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
        String agentLog = Files.readString(log);
        // The condition was cleared by the script: the file holds the normal value, and the alert resolved.
        assertThat(Files.readString(metrics)).as(agentLog).isEqualTo("test.remedy.disk1=42\n");
        assertThat(sql("SELECT state FROM alert WHERE id = ?", String.class, alert)).contains("RESOLVED");

        // Exactly one remediation task for the alert, on that device only, tied to the incident, and it succeeded.
        assertThat(sql("SELECT count(*) FROM task WHERE alert_id = ?", Long.class, alert)).contains(1L);
        assertThat(sql("SELECT id FROM task WHERE alert_id = ?", UUID.class, alert)).contains(task);
        assertThat(sql("SELECT ticket_id FROM task WHERE id = ?", UUID.class, task)).contains(ticket);
        assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT device_id, state, stdout_tail FROM task_run WHERE task_id = ?").param(task)
                .query().listOfRows())).singleElement().satisfies(r -> {
                    assertThat(r.get("device_id")).isEqualTo(device);
                    assertThat(r.get("state")).isEqualTo("SUCCEEDED");
                    assertThat((String) r.get("stdout_tail")).isEqualTo("rewrote " + metrics + "\n");
                });
        assertThat(sql("SELECT standard_change_id IS NOT NULL FROM task WHERE id = ?", Boolean.class, task)).contains(true);

        // The incident resolved by itself, remediated automatically, with the run and its output in its history.
        JsonNode incident = JSON.readTree(adminApi().getJson("/api/v1/tickets/" + ticket).body());
        assertThat(incident.toString()).contains("\"status\":\"RESOLVED\"");
        long taskNumber = sql("SELECT number FROM task WHERE id = ?", Long.class, task).orElseThrow();
        String history = adminApi().getJson("/api/v1/tickets/" + ticket + "/history").body();
        assertThat(history).contains("Resolved as remediated automatically", "Task #" + taskNumber, "SUCCEEDED", "rewrote " + metrics);
        assertThat(sql("SELECT remediated_at IS NOT NULL FROM ticket WHERE id = ?", Boolean.class, ticket)).contains(true);
        assertThat(auditEntries("remediation.recovered", alert.toString())).isEqualTo(1);

        // The monthly report's remediation section counts it (the month of the run and of the mark, in the client's zone).
        ZoneId zone = ZoneId.of("Europe/Berlin");
        Instant started = sql("SELECT created_at FROM task WHERE id = ?", java.sql.Timestamp.class, task).orElseThrow().toInstant();
        Instant marked = sql("SELECT remediated_at FROM ticket WHERE id = ?", java.sql.Timestamp.class, ticket).orElseThrow().toInstant();
        JsonNode runsMonth = report(YearMonth.from(started.atZone(zone)));
        assertThat(runsMonth.get("remediation").get("runs").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(runsMonth.get("remediation").get("succeeded").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode markedMonth = report(YearMonth.from(marked.atZone(zone)));
        assertThat(markedMonth.get("remediation").get("incidents").toString()).contains(ticket.toString());
    }

    JsonNode report(YearMonth month) {
        HttpResponse<String> r = adminApi().getJson("/api/v1/clients/" + client + "/reports/" + month);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void aRuleAsksOnlyForWhatTheStandardChangeAllows() {
        String version = standardScript(List.of("/var/tmp/a.properties", "/var/tmp/b.properties"), "/var/tmp/a.properties");
        String policy = policy("test.remedy");
        HttpResponse<String> outside = rule(manager, policy, version, Map.of("FILE", "/var/tmp/b.properties"), 1);
        assertThat(outside.statusCode()).as(outside.body()).isEqualTo(400);
        assertThat(outside.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(outside.body()).contains("\"field\":\"parameters.FILE\"");

        HttpResponse<String> tooMany = rule(manager, policy, version, Map.of("FILE", "/var/tmp/a.properties"), 6);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("\"field\":\"maxAttempts\"");

        // A version nobody made standard cannot be named at all.
        String plain = JSON.readTree(adminApi().json("POST", "/api/v1/scripts", JSON.writeValueAsString(ScriptLibraryTest.script(
                "Not standard " + UUID.randomUUID(), BODY, List.of()))).body()).get("latest").get("id").asString();
        HttpResponse<String> notStandard = rule(manager, policy, plain, Map.of(), 1);
        assertThat(notStandard.statusCode()).isEqualTo(400);
        assertThat(notStandard.body()).contains("\"field\":\"scriptVersionId\"");

        // The page's form refuses the same, beside the field, and keeps what was typed.
        HttpResponse<String> form = manager.http().postForm("/automation/remediation", Map.of("policyId", policy, "scriptVersionId", version,
                "values", "FILE=/var/tmp/b.properties", "maxAttempts", "1"));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("id=\"add-remediation-rule\"", "FILE: Not among the values the standard change allows",
                "FILE=/var/tmp/b.properties");

        // Technicians may not add rules (nor see the form); nothing was stored by any refused attempt.
        assertThat(technician.http().page("/automation/remediation")).contains("id=\"remediation-rules\"").doesNotContain("add-remediation-rule");
        assertThat(rule(technician, policy, version, Map.of("FILE", "/var/tmp/a.properties"), 1).statusCode()).isEqualTo(403);
        assertThat(sql("SELECT count(*) FROM remediation_rule WHERE policy_id = ?", Long.class, UUID.fromString(policy))).contains(0L);

        // Within the allowed values it is stored, listed, audited and removable.
        HttpResponse<String> ok = rule(manager, policy, version, Map.of("FILE", "/var/tmp/a.properties"), 3);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        String id = jsonString(ok.body(), "id");
        assertThat(manager.http().getJson("/api/v1/remediation-rules").body()).contains(id, "/var/tmp/a.properties");
        assertThat(rule(manager, policy, version, Map.of("FILE", "/var/tmp/a.properties"), 1).statusCode()).isEqualTo(409);
        assertThat(manager.http().page("/automation/remediation")).contains("rule-" + id);
        assertThat(manager.http().json("DELETE", "/api/v1/remediation-rules/" + id, "").statusCode()).isEqualTo(204);
        assertThat(manager.http().getJson("/api/v1/remediation-rules/" + id).statusCode()).isEqualTo(404);
        assertThat(auditEntries("remediation_rule.created", id)).isEqualTo(1);
        assertThat(auditEntries("remediation_rule.deleted", id)).isEqualTo(1);
    }

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate tx;

    /** Publishes as the alert's evaluation would: inside a transaction of the event's client. */
    void publish(ClientId scope, Object event) {
        TenantContext.runAs(TenantScope.of(scope), () -> tx.executeWithoutResult(status -> events.publishEvent(event)));
    }

    AlertRaised raised(UUID alert, String device, String ofClient, String policy) {
        return new AlertRaised(alert, new DeviceId(UUID.fromString(device)), new ClientId(UUID.fromString(ofClient)), "remedy-host", "NORMAL",
                "Remedy", "CRITICAL", "test.remedy", "disk1", 97, 90, null, false, UUID.fromString(policy));
    }

    List<UUID> tasksOf(UUID alert) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT id FROM task WHERE alert_id = ? ORDER BY created_at").param(alert).query(UUID.class).list());
    }

    @Test
    void theScriptRunsOnlyOnTheAlertsDeviceAndAtMostTheRulesAttempts() {
        TestAgent alerting = OwnData.approvedDevice(adminApi(), port, client, "remedy-a-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent sibling = OwnData.approvedDevice(adminApi(), port, client, "remedy-b-" + UUID.randomUUID().toString().substring(0, 6));
        String other = OwnData.client(adminApi(), "Remediation other");
        TestAgent foreign = OwnData.approvedDevice(adminApi(), port, other, "remedy-c-" + UUID.randomUUID().toString().substring(0, 6));
        String version = standardScript(List.of("/var/tmp/remedy.properties"), "/var/tmp/remedy.properties");
        String policy = policy("test.remedy");
        // Heard while the policy had no rule (so this node takes it to have none for a while): nothing to do, and the rule
        // added next must count at once all the same.
        publish(new ClientId(UUID.fromString(client)), raised(UUID.randomUUID(), alerting.deviceId, client, policy));
        assertThat(rule(manager, policy, version, Map.of("FILE", "/var/tmp/remedy.properties"), 2).statusCode()).isEqualTo(201);
        UUID alert = UUID.randomUUID();
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value)
                        VALUES (?, ?, ?, ?, 'disk1', 'OPEN', now(), 97)""")
                .params(alert, UUID.fromString(alerting.deviceId), UUID.fromString(client), UUID.fromString(policy)).update());

        // The alert's id with another client's device, or with another device of the same client: nothing runs anywhere.
        publish(new ClientId(UUID.fromString(other)), raised(alert, foreign.deviceId, other, policy));
        publish(new ClientId(UUID.fromString(client)), raised(alert, sibling.deviceId, client, policy));
        assertThat(tasksOf(alert)).isEmpty();
        assertThat(sql("SELECT count(*) FROM remediation_alert WHERE alert_id = ?", Long.class, alert)).contains(0L);

        // The alert itself: one signed run on exactly its device; hearing it again starts nothing more.
        publish(new ClientId(UUID.fromString(client)), raised(alert, alerting.deviceId, client, policy));
        publish(new ClientId(UUID.fromString(client)), raised(alert, alerting.deviceId, client, policy));
        List<UUID> first = tasksOf(alert);
        assertThat(first).hasSize(1);
        List<Map<String, Object>> runs = runs(first.get(0).toString());
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.get("device_id")).isEqualTo(UUID.fromString(alerting.deviceId));
            assertThat(r.get("state")).isEqualTo("QUEUED");
            assertThat(r.get("order_signature")).isNotNull();
        });

        // A failed run while the alert is open is tried again, up to the rule's two attempts, and then no more.
        fail(first.get(0), alerting.deviceId);
        List<UUID> second = tasksOf(alert);
        assertThat(second).hasSize(2);
        assertThat(runs(second.get(1).toString())).singleElement().satisfies(r -> assertThat(r.get("device_id")).isEqualTo(UUID.fromString(alerting.deviceId)));
        fail(second.get(1), alerting.deviceId);
        assertThat(tasksOf(alert)).hasSize(2);
        assertThat(sql("SELECT attempts FROM remediation_alert WHERE alert_id = ?", Integer.class, alert)).contains(2);
        assertThat(auditEntries("remediation.attempt", alert.toString())).isEqualTo(2);
        // Nothing ever ran for the other client.
        assertThat(sql("SELECT count(*) FROM task WHERE client_id = ?", Long.class, UUID.fromString(other))).contains(0L);
    }

    @Autowired
    io.steward.server.automation.internal.remediation.RemediationSweep sweep;
    @Autowired
    io.steward.server.servicedesk.TicketService ticketService;
    @Autowired
    io.steward.server.alerting.AlertService alertService;

    /**
     * Remediation's listeners heard none of it (the server stopped after each commit, say): the alert opened and its
     * incident with it, the run finished, the alert cleared and servicedesk resolved the incident. The catch-up sweep
     * starts remediation once on the alert's device, retries the failed run once within the rule's attempts, and resolves
     * the incident as remediated; sweeping again, or a listener hearing its event late, starts nothing more.
     */
    @Test
    void theSweepDoesWhatLostEventsWouldHaveDoneOnce() {
        TestAgent alerting = OwnData.approvedDevice(adminApi(), port, client, "remedy-s-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent sibling = OwnData.approvedDevice(adminApi(), port, client, "remedy-t-" + UUID.randomUUID().toString().substring(0, 6));
        String version = standardScript(List.of("/var/tmp/remedy.properties"), "/var/tmp/remedy.properties");
        String policy = policy("test.remedy");
        assertThat(rule(manager, policy, version, Map.of("FILE", "/var/tmp/remedy.properties"), 2).statusCode()).isEqualTo(201);
        ClientId ofClient = new ClientId(UUID.fromString(client));
        // The rule exists since ten minutes; the alert opened five minutes ago (past the sweep's grace for the listener), and
        // the sibling's alert before the rule existed (the rule was never its to act on).
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE remediation_rule SET created_at = now() - interval '10 minutes' WHERE policy_id = ?")
                .param(UUID.fromString(policy)).update());
        UUID before = openAlert(sibling.deviceId, policy, 20);
        // The alert and its incident in one transaction, as alerting and servicedesk write them (the running sweep sees both or neither).
        UUID alert = UUID.randomUUID();
        UUID ticket = TenantContext.callAs(TenantScope.of(ofClient), () -> tx.execute(status -> {
            insertAlert(alert, alerting.deviceId, policy, 5);
            UUID id = ticketService.openFromAlert(ofClient, "Remedy on remedy-s", "test.remedy is 97", io.steward.server.servicedesk.Level.HIGH,
                    io.steward.server.servicedesk.Level.HIGH).id().value();
            alertService.attachTicket(alert, id);
            return id;
        }));

        sweep.sweep();
        List<UUID> first = tasksOf(alert);
        assertThat(first).hasSize(1);
        assertThat(runs(first.get(0).toString())).singleElement().satisfies(r -> {
            assertThat(r.get("device_id")).isEqualTo(UUID.fromString(alerting.deviceId));
            assertThat(r.get("order_signature")).isNotNull();
        });
        assertThat(sql("SELECT ticket_id FROM task WHERE id = ?", UUID.class, first.get(0))).contains(ticket);
        assertThat(tasksOf(before)).isEmpty();
        assertThat(sql("SELECT count(*) FROM remediation_alert WHERE alert_id = ?", Long.class, before)).contains(0L);

        // Again, and the listener hearing the alert late: nothing more starts.
        sweep.sweep();
        publish(ofClient, raised(alert, alerting.deviceId, client, policy));
        assertThat(tasksOf(alert)).isEqualTo(first);
        assertThat(sql("SELECT attempts FROM remediation_alert WHERE alert_id = ?", Integer.class, alert)).contains(1);

        // The run failed unheard: the sweep tries again, on the same device, once.
        finish(first.get(0), "FAILED");
        sweep.sweep();
        sweep.sweep();
        List<UUID> second = tasksOf(alert);
        assertThat(second).hasSize(2);
        assertThat(runs(second.get(1).toString())).singleElement().satisfies(r -> assertThat(r.get("device_id")).isEqualTo(UUID.fromString(alerting.deviceId)));
        publish(ofClient, new TaskRunFinished(first.get(0), ofClient, new DeviceId(UUID.fromString(alerting.deviceId)), "FAILED", 1, 10L, null, "", alert, Instant.now()));
        assertThat(tasksOf(alert)).hasSize(2);

        // The second run succeeded and the alert cleared, both unheard by remediation; servicedesk resolved the incident.
        finish(second.get(1), "SUCCEEDED");
        TenantContext.runAs(TenantScope.of(ofClient), () -> tx.executeWithoutResult(status -> {
            jdbc.sql("UPDATE alert SET state = 'RESOLVED', resolved_at = now() - interval '2 minutes' WHERE id = ?").param(alert).update();
            assertThat(ticketService.settleFromAlert(ofClient, new io.steward.server.shared.TicketId(ticket),
                    "Alert cleared: test.remedy (disk1) is back at 42.")).isTrue();
        }));
        assertThat(sql("SELECT remediated_by_task FROM ticket WHERE id = ?", UUID.class, ticket)).isEmpty();

        sweep.sweep();
        assertThat(sql("SELECT remediated_by_task FROM ticket WHERE id = ?", UUID.class, ticket)).contains(second.get(1));
        assertThat(sql("SELECT remediated_at IS NOT NULL FROM remediation_alert WHERE alert_id = ?", Boolean.class, alert)).contains(true);
        assertThat(adminApi().getJson("/api/v1/tickets/" + ticket + "/history").body()).contains("Resolved as remediated automatically");

        // Nothing more, however often it sweeps or the late events arrive; two attempts, as the rule allows.
        sweep.sweep();
        publish(ofClient, new TaskRunFinished(second.get(1), ofClient, new DeviceId(UUID.fromString(alerting.deviceId)), "SUCCEEDED", 0, 10L, null, "",
                alert, Instant.now()));
        publish(ofClient, new io.steward.server.alerting.AlertCleared(alert, ofClient, ticket, "remedy-s", "Remedy", "test.remedy", "disk1", 42));
        assertThat(tasksOf(alert)).isEqualTo(second);
        assertThat(auditEntries("remediation.attempt", alert.toString())).isEqualTo(2);
        assertThat(auditEntries("remediation.recovered", alert.toString())).isEqualTo(1);
        assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM ticket_event WHERE ticket_id = ? AND body LIKE 'Resolved as remediated%'")
                .param(ticket).query(Long.class).single())).isEqualTo(1L);
    }

    /**
     * The sweep acted on a failed run and could not start the retry (the standard change was revoked meanwhile): the
     * listener hearing that run finish late tries nothing again, nor does the next sweep; the attempt is counted once.
     */
    @Test
    void aFinishedRunIsActedOnOnceWhetherTheSweepOrTheListenerComesSecond() {
        TestAgent alerting = OwnData.approvedDevice(adminApi(), port, client, "remedy-u-" + UUID.randomUUID().toString().substring(0, 6));
        String version = standardScript(List.of("/var/tmp/remedy.properties"), "/var/tmp/remedy.properties");
        String policy = policy("test.remedy");
        assertThat(rule(manager, policy, version, Map.of("FILE", "/var/tmp/remedy.properties"), 3).statusCode()).isEqualTo(201);
        ClientId ofClient = new ClientId(UUID.fromString(client));
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE remediation_rule SET created_at = now() - interval '10 minutes' WHERE policy_id = ?")
                .param(UUID.fromString(policy)).update());
        UUID alert = openAlert(alerting.deviceId, policy, 5);
        sweep.sweep();
        List<UUID> first = tasksOf(alert);
        assertThat(first).hasSize(1);

        UUID change = sql("SELECT id FROM standard_change WHERE script_version_id = ?", UUID.class, UUID.fromString(version)).orElseThrow();
        HttpResponse<String> revoked = manager.http().json("POST", "/api/v1/standard-changes/" + change + "/revoke", "{\"reason\":\"test\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        finish(first.get(0), "FAILED");
        sweep.sweep();
        assertThat(sql("SELECT attempts FROM remediation_alert WHERE alert_id = ?", Integer.class, alert)).contains(2);
        assertThat(sql("SELECT last_problem FROM remediation_alert WHERE alert_id = ?", String.class, alert)).hasValueSatisfying(
                p -> assertThat(p).contains("No active standard change"));

        publish(ofClient, new TaskRunFinished(first.get(0), ofClient, new DeviceId(UUID.fromString(alerting.deviceId)), "FAILED", 1, 10L, null, "",
                alert, Instant.now()));
        sweep.sweep();
        assertThat(sql("SELECT attempts FROM remediation_alert WHERE alert_id = ?", Integer.class, alert)).contains(2);
        assertThat(auditEntries("remediation.attempt", alert.toString())).isEqualTo(2);
        assertThat(tasksOf(alert)).isEqualTo(first);
    }

    /** An open alert of the policy on the device, opened {@code minutesAgo}, as alerting stores it (its AlertRaised unheard). */
    UUID openAlert(String device, String policy, int minutesAgo) {
        UUID alert = UUID.randomUUID();
        TenantContext.runAsSystem(() -> insertAlert(alert, device, policy, minutesAgo));
        return alert;
    }

    void insertAlert(UUID alert, String device, String policy, int minutesAgo) {
        jdbc.sql("""
                        INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value)
                        VALUES (?, ?, ?, ?, 'disk1', 'OPEN', now() - make_interval(mins => ?), 97)""")
                .params(alert, UUID.fromString(device), UUID.fromString(client), UUID.fromString(policy), minutesAgo).update();
    }

    /** The run of {@code task} ended two minutes ago in {@code state}, as the agent's report left it; its TaskRunFinished unheard. */
    void finish(UUID task, String state) {
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        UPDATE task_run SET state = ?, exit_code = ?, finished_at = now() - interval '2 minutes', stdout_tail = 'done' WHERE task_id = ?""")
                .params(state, "SUCCEEDED".equals(state) ? 0 : 1, task).update());
    }

    /** The run of {@code task} ends FAILED, as the agent's report would leave it. */
    void fail(UUID task, String device) {
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE task_run SET state = 'FAILED', exit_code = 1, finished_at = now() WHERE task_id = ?")
                .param(task).update());
        publish(new ClientId(UUID.fromString(client)), new TaskRunFinished(task, new ClientId(UUID.fromString(client)),
                new DeviceId(UUID.fromString(device)), "FAILED", 1, 10L, null, "still broken",
                sql("SELECT alert_id FROM task WHERE id = ?", UUID.class, task).orElseThrow(), Instant.now()));
    }

    record Result(int exit, String output) {
    }

    static List<String> javaCommand(Path jar, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    static Result run(Path jar, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaCommand(jar, args)).redirectErrorStream(true).start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes());
        if (!done) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(p.exitValue(), output);
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.steward.server.devices.TaskSignerKey signerKeyForEnrollment;

    /** The signer key's fingerprint, as the install line carries it for the device to pin. */
    private String signerFingerprint() {
        return io.steward.protocol.task.TaskKeys.fingerprint(io.steward.protocol.DeviceKeys.decodePublic(signerKeyForEnrollment.publicKey().orElseThrow()));
    }
}
