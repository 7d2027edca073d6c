package io.steward.server.backup;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.backup.BackupMessages;
import io.steward.protocol.backup.RestoreTest;
import io.steward.protocol.task.TaskMessages;
import io.steward.server.automation.SignerHost;
import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.compliance.Facts;
import io.steward.server.shared.ClientId;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.StandardChangeFlow;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.backup.BackupIntakeTest.HOUR;
import static io.steward.server.backup.BackupIntakeTest.job;
import static io.steward.server.backup.BackupIntakeTest.report;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restore tests end to end over HTTP with signed agent requests and the real child signer: nothing runs (and the page
 * says why) without a standard change of the built-in restore tester; under one two people made, a job it names gets
 * one test per period, the agent polls and reports the run as the agent does, and the result line becomes the test's
 * time against the RTO, counted as compliance evidence. A job the change does not name is left out with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreTestFlowTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    SignerHost signerHost;
    @Autowired
    List<EvidenceSource> sources;

    Approver manager;
    Approver approver;

    @BeforeAll
    void people() {
        manager = trustedManager(signerHost, "Restore Manager");
        approver = trustedManager(signerHost, "Restore Manager");
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    /** The agent polls (getting its order) and reports the run's end with this output. */
    static void run(TestAgent a, String task, String stdout) {
        HttpResponse<String> poll = a.post(TaskMessages.POLL_PATH, "{\"seq\":" + a.nextSeq() + ",\"waitSeconds\":0,\"running\":[]}", Instant.now());
        assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
        assertThat(poll.body()).contains("\"order\":");
        HttpResponse<String> report = a.post(TaskMessages.REPORT_PATH, "{\"seq\":" + a.nextSeq() + ",\"taskId\":\"" + task
                + "\",\"state\":\"SUCCEEDED\",\"reason\":null,\"exitCode\":0,\"durationMs\":5,\"stdoutTail\":" + JSON.writeValueAsString(stdout)
                + ",\"stderrTail\":\"\",\"stdoutBytes\":" + stdout.length() + ",\"stderrBytes\":0,\"stdoutSha256\":null,\"stderrSha256\":null,\"at\":0}",
                Instant.now());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(204);
    }

    @Test
    void aRestoreTestRunsOnlyUnderAStandardChangeAndItsTimeIsKeptAgainstTheRto() {
        Http api = adminApi();
        String client = OwnData.client(api, "Backup restore");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "bk-restore-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent slow = OwnData.approvedDevice(api, port, client, "bk-slow-" + UUID.randomUUID().toString().substring(0, 6));
        long now = System.currentTimeMillis();
        // Veeam's own job names have spaces: stored, but the restore tester's JOB parameter cannot name them.
        BackupMessages.Job veeam = new BackupMessages.Job("SQL Daily", BackupMessages.TOOL_VEEAM, "\\\\nas\\veeam", now - HOUR, "success", null,
                now - HOUR, now - HOUR, 14, 2_000_000L, 24);
        assertThat(report(agent, job("nightly", now - HOUR, "success", now - HOUR, 24), job("db", now - HOUR, "success", now - HOUR, 24), veeam)
                .statusCode()).isEqualTo(200);
        assertThat(report(slow, job("weekly", now - HOUR, "success", now - HOUR, 168)).statusCode()).isEqualTo(200);
        HttpResponse<String> put = api.json("PUT", "/api/v1/backup/clients/" + client + "/policy", "{\"rtoMinutes\":1,\"restoreSample\":5}",
                Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String path = "/api/v1/backup/clients/" + client + "/restore-tests";

        JsonNode none = json(api.json("POST", path, null));
        assertThat(none.path("started").asInt()).isZero();
        assertThat(none.path("problem").asString()).contains("No active standard change");
        assertThat(json(api.getJson("/api/v1/backup/clients/" + client)).path("restoreTests")).isEmpty();
        assertThat(admin().page("/backup/clients/" + client)).contains("No active standard change of the built-in restore tester");

        JsonNode tester = json(api.getJson("/api/v1/backup/restore-tester"));
        assertThat(tester.path("interpreter").asString()).isEqualTo(RestoreTest.INTERPRETER);
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("scriptVersionId", tester.path("scriptVersionId").asString());
        draft.put("scopeClientId", client);
        draft.put("notAfter", Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString());
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        allowed.put(RestoreTest.JOB, List.of("nightly", "weekly"));
        allowed.put(RestoreTest.SAMPLE, List.of("5"));
        draft.put("allowed", allowed);
        StandardChangeFlow.approved(manager.http(), manager.passkey(), approver.http(), approver.passkey(), draft, signingOrigin());

        JsonNode started = json(api.json("POST", path, null));
        // The scheduled sweep may have got there first (it runs every few minutes at the real present): one test either way.
        assertThat(started.path("started").asInt()).as(started.toString()).isBetween(0, 2);
        assertThat(started.path("problem").asString()).contains("does not name the job(s) db", "SQL Daily cannot be given to the restore tester");
        assertThat(json(api.json("POST", path, null)).path("started").asInt()).as("once per period").isZero();
        JsonNode tests = json(api.getJson("/api/v1/backup/clients/" + client)).path("restoreTests");
        assertThat(tests.valueStream().map(t -> t.path("job").asString()).sorted().toList()).containsExactly("nightly", "weekly");
        JsonNode test = tests.valueStream().filter(t -> t.path("job").asString().equals("nightly")).findFirst().orElseThrow();
        JsonNode weekly = tests.valueStream().filter(t -> t.path("job").asString().equals("weekly")).findFirst().orElseThrow();
        assertThat(test.path("job").asString()).isEqualTo("nightly");
        assertThat(test.path("state").asString()).isEqualTo("RUNNING");
        assertThat(test.path("rtoMinutes").asInt()).isEqualTo(1);

        String line = new RestoreTest.Result("nightly", now - HOUR, 5, 40_960, 1_234, 5, 0).line();
        run(agent, test.path("taskId").asString(), "restoring 5 files\n" + line + "\n");
        JsonNode done = json(api.getJson("/api/v1/backup/devices/" + agent.deviceId)).path("restoreTests").get(0);
        assertThat(done.path("state").asString()).isEqualTo("PASSED");
        assertThat(done.path("millis").asLong()).isEqualTo(1_234);
        assertThat(done.path("verified").asInt()).isEqualTo(5);
        assertThat(done.path("withinRto").asBoolean()).isTrue();
        assertThat(admin().page("/backup/clients/" + client)).contains("1234 ms", "(met)");

        // Slower than the 1-minute RTO and one file not verified: failed, over the RTO (the last result line is the one that counts).
        run(slow, weekly.path("taskId").asString(), new RestoreTest.Result("nightly", now - HOUR, 5, 1, 1, 5, 0).line() + "\n"
                + new RestoreTest.Result("weekly", now - HOUR, 5, 40_960, 90_000, 4, 1).line() + "\n");
        JsonNode over = json(api.getJson("/api/v1/backup/devices/" + slow.deviceId)).path("restoreTests").get(0);
        assertThat(over.path("state").asString()).isEqualTo("FAILED");
        assertThat(over.path("millis").asLong()).isEqualTo(90_000);
        assertThat(over.path("withinRto").asBoolean()).isFalse();
        JsonNode evidence = json(api.getJson("/api/v1/backup/clients/" + client)).path("rtoEvidence");
        assertThat(evidence).hasSize(2);
        assertThat(evidence.valueStream().filter(e -> e.path("deviceId").asString().equals(slow.deviceId)).findFirst().orElseThrow()
                .path("withinRto").asBoolean()).isFalse();
        assertThat(evidence.valueStream().filter(e -> e.path("deviceId").asString().equals(agent.deviceId)).findFirst().orElseThrow()
                .path("slowestMillis").asLong()).isEqualTo(1_234);

        // The backup module's own source (the compliance tests add a source of their own for the same facts).
        EvidenceSource backup = sources.stream().filter(s -> org.springframework.aop.support.AopUtils.getTargetClass(s).getPackageName().startsWith("io.steward.server.backup"))
                .filter(s -> s.facts().contains(Facts.BACKUP_RESTORE_TESTED)).findFirst().orElseThrow();
        Evidence tested = backup.evidence(new ClientId(UUID.fromString(client)), Instant.now()).stream()
                .filter(e -> e.fact().equals(Facts.BACKUP_RESTORE_TESTED)).findFirst().orElseThrow();
        assertThat(tested.passed()).as("db was never tested: " + tested.detail()).isFalse();
        assertThat(tested.summary()).contains("1 of 4");
        assertThat(tested.detail()).contains("weekly (failed, over the RTO)", "db (not tested)");
        OwnSeed.deleteClients(api, client);
    }
}
