package io.steward.server.backup;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.backup.BackupMessages;
import io.steward.server.backup.internal.BackupSweep;
import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.compliance.Facts;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backup reports as agents send them (signed, with their seq) through the real agent channel, and what Steward makes of
 * them: each job's latest state and history, failures in a row, the RPO, missed-schedule and failure breaches with one
 * incident per device and job (settled when the job is healthy again), strict input checks, replays and forgeries
 * refused, other clients' ids 404, and the compliance facts. Each test makes its own client and devices.
 */
class BackupIntakeTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long HOUR = 3_600_000L;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    BackupSweep sweep;
    @Autowired
    List<EvidenceSource> sources;

    static BackupMessages.Job job(String name, long attemptAt, String result, Long pointAt, int schedule) {
        return new BackupMessages.Job(name, BackupMessages.TOOL_RESTIC, "/srv/backup/" + name, attemptAt, result,
                BackupMessages.RESULT_SUCCESS.equals(result) ? null : "Fatal: unable to open repository", pointAt, pointAt,
                pointAt == null ? 0 : 3, 1_048_576L,
                schedule);
    }

    static HttpResponse<String> report(TestAgent agent, BackupMessages.Job... jobs) {
        return post(agent, JSON.writeValueAsString(new BackupMessages.Report(agent.nextSeq(), System.currentTimeMillis(), Arrays.asList(jobs))));
    }

    static HttpResponse<String> post(TestAgent agent, String body) {
        return agent.post(BackupMessages.REPORT_PATH, body, Instant.now());
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    static JsonNode job(JsonNode jobs, String name) {
        return jobs.valueStream().filter(j -> j.path("name").asString().equals(name)).findFirst().orElseThrow();
    }

    String ticketStatus(String id) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT status FROM ticket WHERE id = ?").param(UUID.fromString(id)).query(String.class).single());
    }

    List<JsonNode> openBreaches(Http api, String client) {
        List<JsonNode> out = new ArrayList<>();
        json(api.getJson("/api/v1/backup/clients/" + client)).path("breaches").forEach(b -> {
            if (b.path("endedAt").isNull() || b.path("endedAt").isMissingNode()) {
                out.add(b);
            }
        });
        return out;
    }

    @Test
    void aReportIsStoredWithHistoryAndAnOldRestorePointRaisesOneIncidentThatAFreshOneSettles() {
        Http api = adminApi();
        String client = OwnData.client(api, "Backup intake");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "bk-" + UUID.randomUUID().toString().substring(0, 6));
        long now = System.currentTimeMillis();

        HttpResponse<String> first = report(agent, job("nightly", now - HOUR, "success", now - HOUR, 24), job("db", now - 2 * HOUR, "success", now - 30 * HOUR, 0));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).path("accepted").asBoolean()).isTrue();

        JsonNode device = json(api.getJson("/api/v1/backup/devices/" + agent.deviceId));
        assertThat(device.path("rpoHours").asInt()).isEqualTo(24);
        assertThat(device.path("jobs")).hasSize(2);
        JsonNode db = device.path("jobs").valueStream().filter(h -> h.path("job").path("name").asString().equals("db")).findFirst().orElseThrow();
        assertThat(db.path("job").path("pointAgeHours").asInt()).isEqualTo(30);
        assertThat(db.path("job").path("breaches").toString()).contains("RPO");
        assertThat(db.path("attempts")).hasSize(1);

        List<JsonNode> open = openBreaches(api, client);
        assertThat(open).hasSize(1);
        assertThat(open.getFirst().path("job").asString()).isEqualTo("db");
        String ticket = open.getFirst().path("ticketId").asString();
        assertThat(ticketStatus(ticket)).isEqualTo("NEW");

        // The same state again (a new report, same attempt): still one breach, one incident, one attempt in the history.
        assertThat(report(agent, job("nightly", now - HOUR, "success", now - HOUR, 24), job("db", now - 2 * HOUR, "success", now - 30 * HOUR, 0))
                .statusCode()).isEqualTo(200);
        assertThat(openBreaches(api, client)).hasSize(1);
        assertThat(json(api.getJson("/api/v1/backup/devices/" + agent.deviceId)).path("jobs").valueStream()
                .filter(h -> h.path("job").path("name").asString().equals("db")).findFirst().orElseThrow().path("attempts")).hasSize(1);

        // A fresh restore point: the breach ends and the incident nobody touched is resolved.
        assertThat(report(agent, job("nightly", now - HOUR, "success", now - HOUR, 24), job("db", now - 60_000, "success", now - 60_000, 0))
                .statusCode()).isEqualTo(200);
        assertThat(openBreaches(api, client)).isEmpty();
        assertThat(ticketStatus(ticket)).isEqualTo("RESOLVED");
        JsonNode page = json(api.getJson("/api/v1/backup/clients/" + client));
        assertThat(page.path("breaches").get(0).path("endedAt").isNull()).isFalse();
        assertThat(job(page.path("jobs"), "db").path("breaches")).isEmpty();

        // A job no longer reported is kept as gone, and the pages show the rest.
        assertThat(report(agent, job("nightly", now - HOUR, "success", now - HOUR, 24)).statusCode()).isEqualTo(200);
        assertThat(job(json(api.getJson("/api/v1/backup/clients/" + client)).path("jobs"), "db").path("present").asBoolean()).isFalse();
        assertThat(admin().page("/backup/clients/" + client)).contains("nightly", "no longer reported", "Restore tests");
        assertThat(admin().page("/devices/" + agent.deviceId + "/backup")).contains("nightly", "RPO 24 h");
        assertThat(admin().page("/backup")).contains("Backup");
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void failuresInARowRaiseAnIncidentOnceAndASuccessEndsIt() {
        Http api = adminApi();
        String client = OwnData.client(api, "Backup failures");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "bk-fail-" + UUID.randomUUID().toString().substring(0, 6));
        long now = System.currentTimeMillis();
        long point = now - 5 * HOUR;
        for (int i = 3; i >= 1; i--) {
            assertThat(report(agent, job("files", now - i * HOUR, "failed", point, 24)).statusCode()).isEqualTo(200);
            if (i > 1) {
                assertThat(openBreaches(api, client)).as("%d failures are below the alert", 4 - i).isEmpty();
            }
        }
        List<JsonNode> open = openBreaches(api, client);
        assertThat(open).hasSize(1);
        assertThat(open.getFirst().path("kinds").toString()).contains("FAILURES");
        assertThat(job(json(api.getJson("/api/v1/backup/clients/" + client)).path("jobs"), "files").path("failuresInRow").asInt()).isEqualTo(3);
        // A fourth failure is noted on the same incident, not a new one.
        assertThat(report(agent, job("files", now - HOUR / 2, "locked", point, 24)).statusCode()).isEqualTo(200);
        assertThat(openBreaches(api, client)).hasSize(1);
        String ticket = openBreaches(api, client).getFirst().path("ticketId").asString();
        assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM ticket WHERE client_id = ?").param(UUID.fromString(client))
                .query(Long.class).single())).isEqualTo(1L);

        assertThat(report(agent, job("files", now - 60_000, "success", now - 60_000, 24)).statusCode()).isEqualTo(200);
        assertThat(openBreaches(api, client)).isEmpty();
        assertThat(ticketStatus(ticket)).isEqualTo("RESOLVED");
        JsonNode history = json(api.getJson("/api/v1/backup/devices/" + agent.deviceId)).path("jobs").get(0).path("attempts");
        assertThat(history.valueStream().map(a -> a.path("result").asString()).toList()).containsExactly("success", "locked", "failed", "failed", "failed");
        assertThat(history.get(1).path("error").asString()).contains("unable to open");
        OwnSeed.deleteClients(api, client);
    }

    /** Ages the stored job as if its agent had gone quiet {@code hours} ago (the scheduled sweep would judge it the same). */
    void quiet(TestAgent agent, String name, int hours) {
        Instant then = Instant.now().minus(Duration.ofHours(hours));
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE backup_job SET last_attempt_at = ?, newest_point_at = ?, last_success_at = ?, first_seen_at = ? "
                + "WHERE device_id = ? AND name = ?").params(OwnSeed.ts(then), OwnSeed.ts(then), OwnSeed.ts(then), OwnSeed.ts(then.minusSeconds(60)),
                UUID.fromString(agent.deviceId), name).update());
    }

    @Test
    void aJobThatStopsRunningIsFoundByTheSweepAsMissedAndPastItsRpo() {
        Http api = adminApi();
        String client = OwnData.client(api, "Backup missed");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "bk-missed-" + UUID.randomUUID().toString().substring(0, 6));
        long now = System.currentTimeMillis();
        assertThat(report(agent, job("hourly", now - HOUR / 2, "success", now - HOUR / 2, 6)).statusCode()).isEqualTo(200);
        ClientId id = new ClientId(UUID.fromString(client));
        sweep.sweep(Instant.now(), id);
        assertThat(openBreaches(api, client)).as("within schedule and grace").isEmpty();

        // The agent goes quiet: after 10 hours the schedule (6 h + 2 h grace) is missed; after 30 hours the RPO too.
        quiet(agent, "hourly", 10);
        assertThat(sweep.sweep(Instant.now(), id).breaching()).isEqualTo(1);
        List<JsonNode> open = openBreaches(api, client);
        assertThat(open).hasSize(1);
        assertThat(open.getFirst().path("kinds").toString()).contains("MISSED").doesNotContain("RPO");
        String ticket = open.getFirst().path("ticketId").asString();
        quiet(agent, "hourly", 30);
        sweep.sweep(Instant.now(), id);
        open = openBreaches(api, client);
        assertThat(open).hasSize(1);
        assertThat(open.getFirst().path("kinds").toString()).contains("MISSED", "RPO");
        assertThat(open.getFirst().path("ticketId").asString()).as("noted on the same incident").isEqualTo(ticket);
        // It reports again, healthy: the breach ends.
        assertThat(report(agent, job("hourly", System.currentTimeMillis() - 60_000, "success", System.currentTimeMillis() - 60_000, 6)).statusCode())
                .isEqualTo(200);
        assertThat(openBreaches(api, client)).isEmpty();
        assertThat(ticketStatus(ticket)).isEqualTo("RESOLVED");
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void badReportsAreAnswered400WithTheirFieldAndReplaysAndForgeriesAreRefused() {
        Http api = adminApi();
        String client = OwnData.client(api, "Backup bad input");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "bk-bad-" + UUID.randomUUID().toString().substring(0, 6));
        long now = System.currentTimeMillis();
        Map<String, BackupMessages.Job> bad = Map.of(
                "tool", new BackupMessages.Job("a", "tar", "/srv", now, "success", null, now, now, 1, 0, 24),
                "name", new BackupMessages.Job("x".repeat(129), "restic", "/srv", now, "success", null, now, now, 1, 0, 24),
                "lastResult", new BackupMessages.Job("a", "restic", "/srv", now, "great", null, now, now, 1, 0, 24),
                "repository", new BackupMessages.Job("a", "restic", "rest:https://u:secret@host/repo", now, "success", null, now, now, 1, 0, 24),
                "newestRestorePointAt", new BackupMessages.Job("a", "restic", "/srv", now, "success", null, now, now + 3 * 86_400_000L, 1, 0, 24),
                "scheduleHours", new BackupMessages.Job("a", "restic", "/srv", now, "success", null, now, now, 1, 0, -1),
                "restorePoints", new BackupMessages.Job("a", "restic", "/srv", now, "success", null, now, now, 0, 0, 24));
        bad.forEach((field, j) -> {
            HttpResponse<String> r = post(agent, JSON.writeValueAsString(new BackupMessages.Report(agent.nextSeq(), now, List.of(j))));
            assertThat(r.statusCode()).as(field + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
            assertThat(r.body()).contains(field);
        });
        BackupMessages.Job good = job("a", now, "success", now, 24);
        HttpResponse<String> twice = post(agent, JSON.writeValueAsString(new BackupMessages.Report(agent.nextSeq(), now, List.of(good, good))));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(post(agent, "{\"seq\":" + agent.nextSeq() + ",\"reportedAt\":" + now + "}").statusCode()).isEqualTo(400);
        assertThat(post(agent, "{\"seq\":" + agent.nextSeq() + ",\"reportedAt\":\"yesterday\",\"jobs\":[]}").statusCode()).isEqualTo(400);
        assertThat(json(api.getJson("/api/v1/backup/devices/" + agent.deviceId)).path("jobs")).as("nothing stored").isEmpty();

        assertThat(post(agent, JSON.writeValueAsString(new BackupMessages.Report(5000, now, List.of(good)))).statusCode()).isEqualTo(200);
        assertThat(post(agent, JSON.writeValueAsString(new BackupMessages.Report(5000, now, List.of(good)))).statusCode()).as("replay").isEqualTo(409);
        // An older report (late from the spool) is acknowledged, not stored.
        HttpResponse<String> late = post(agent, JSON.writeValueAsString(new BackupMessages.Report(5001, now - HOUR, List.of())));
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(json(late).path("accepted").asBoolean()).isFalse();
        assertThat(json(api.getJson("/api/v1/backup/devices/" + agent.deviceId)).path("jobs")).hasSize(1);

        // Unsigned, and signed with another key claiming this device: the channel refuses both.
        HttpResponse<String> unsigned = agent.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + BackupMessages.REPORT_PATH)).header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        TestAgent forger = new TestAgent("http://localhost:" + port);
        HttpResponse<String> forged = forger.post(BackupMessages.REPORT_PATH, JSON.writeValueAsString(new BackupMessages.Report(6000, now,
                List.of(job("forged", now, "failed", null, 1)))), Instant.now(), forger.keys, agent.deviceId);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json(api.getJson("/api/v1/backup/devices/" + agent.deviceId)).path("jobs").toString()).doesNotContain("forged");
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void anotherClientsDeviceReportsOnlyIntoItsOwnClientAndScopedStaffSeeOnlyTheirs() {
        Http api = adminApi();
        String mine = OwnData.client(api, "Backup scope mine");
        String theirs = OwnData.client(api, "Backup scope theirs");
        TestAgent a = OwnData.approvedDevice(api, port, mine, "bk-mine-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent b = OwnData.approvedDevice(api, port, theirs, "bk-theirs-" + UUID.randomUUID().toString().substring(0, 6));
        long now = System.currentTimeMillis();
        assertThat(report(a, job("mine", now, "success", now, 24)).statusCode()).isEqualTo(200);
        assertThat(report(b, job("theirs", now, "success", now, 24)).statusCode()).isEqualTo(200);
        assertThat(json(api.getJson("/api/v1/backup/clients/" + mine)).path("jobs").toString()).contains("mine").doesNotContain("theirs");

        OwnSeed.Technician t = OwnSeed.technician(api, mine);
        Http tech = firstSignIn(t.email(), t.oneTimePassword());
        assertThat(tech.getJson("/api/v1/backup/clients/" + mine).statusCode()).isEqualTo(200);
        assertThat(tech.getJson("/api/v1/backup/clients/" + theirs).statusCode()).isEqualTo(404);
        assertThat(tech.getJson("/api/v1/backup/devices/" + b.deviceId).statusCode()).isEqualTo(404);
        assertThat(tech.getJson("/api/v1/backup/clients/" + theirs + "/policy").statusCode()).isEqualTo(404);
        assertThat(json(tech.getJson("/api/v1/backup/clients")).valueStream().map(c -> c.path("clientId").asString()).toList()).containsExactly(mine);
        // A technician reads the objectives but may not change them, nor a device's.
        assertThat(tech.json("PUT", "/api/v1/backup/clients/" + mine + "/policy", "{\"rpoHours\":12}", Map.of("If-Match", "\"0\"")).statusCode())
                .isEqualTo(403);
        assertThat(tech.json("PUT", "/api/v1/backup/devices/" + a.deviceId + "/objective", "{\"rpoHours\":1}").statusCode()).isEqualTo(403);
        assertThat(signedIn(DemoLogins.TIER1).json("POST", "/api/v1/backup/clients/" + mine + "/restore-tests", null).statusCode()).isEqualTo(403);
        OwnSeed.disableUser(api, t.id());
        OwnSeed.deleteClients(api, mine, theirs);
    }

    @Test
    void theObjectivesAreValidatedVersionedAndDecideCoverageAndTheComplianceFacts() {
        Http api = adminApi();
        String client = OwnData.client(api, "Backup objectives");
        String other = OwnData.client(api, "Backup objectives other");
        TestAgent a = OwnData.approvedDevice(api, port, client, "bk-obj-a-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent b = OwnData.approvedDevice(api, port, client, "bk-obj-b-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent foreign = OwnData.approvedDevice(api, port, other, "bk-obj-x-" + UUID.randomUUID().toString().substring(0, 6));
        String path = "/api/v1/backup/clients/" + client + "/policy";
        HttpResponse<String> got = api.getJson(path);
        assertThat(got.headers().firstValue("ETag").orElse("")).isEqualTo("\"0\"");
        assertThat(json(got).path("rpoHours").asInt()).isEqualTo(24);

        assertThat(api.json("PUT", path, "{\"rpoHours\":0}", Map.of("If-Match", "\"0\"")).body()).contains("rpoHours");
        assertThat(api.json("PUT", path, "{\"scope\":\"SOME\"}", Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(400);
        HttpResponse<String> theirDevice = api.json("PUT", path, "{\"scope\":\"DEVICES\",\"deviceIds\":[\"" + foreign.deviceId + "\"]}",
                Map.of("If-Match", "\"0\""));
        assertThat(theirDevice.statusCode()).isEqualTo(400);
        assertThat(theirDevice.body()).contains("deviceIds");
        assertThat(api.json("PUT", path, "{\"scope\":\"GROUP\"}", Map.of("If-Match", "\"0\"")).body()).contains("groupId");
        HttpResponse<String> put = api.json("PUT", path, "{\"scope\":\"ALL\",\"rpoHours\":12,\"rtoMinutes\":30}", Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag").orElse("")).isEqualTo("\"1\"");
        assertThat(api.json("PUT", path, "{\"rpoHours\":8}", Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(412);

        long now = System.currentTimeMillis();
        assertThat(report(a, job("sys", now - HOUR, "success", now - 20 * HOUR, 24)).statusCode()).isEqualTo(200);
        JsonNode page = json(api.getJson("/api/v1/backup/clients/" + client));
        assertThat(page.path("coverage").path("expected").asInt()).isEqualTo(2);
        assertThat(page.path("coverage").path("covered").asInt()).isEqualTo(1);
        assertThat(page.path("coverage").path("missing").toString()).contains(json(api.getJson("/api/v1/devices/" + b.deviceId)).path("hostname").asString());
        assertThat(job(page.path("jobs"), "sys").path("breaches").toString()).as("20 h against the client's 12 h").contains("RPO");

        // The device's own RPO of 48 h: within it.
        HttpResponse<String> own = api.json("PUT", "/api/v1/backup/devices/" + a.deviceId + "/objective", "{\"rpoHours\":48,\"rtoMinutes\":null}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(api.json("PUT", "/api/v1/backup/devices/" + a.deviceId + "/objective", "{\"rpoHours\":0}").statusCode()).isEqualTo(400);
        assertThat(job(json(api.getJson("/api/v1/backup/clients/" + client)).path("jobs"), "sys").path("breaches")).isEmpty();
        assertThat(json(api.getJson("/api/v1/backup/devices/" + a.deviceId)).path("rpoHours").asInt()).isEqualTo(48);

        // The page's form: a bad value is shown beside the form, a good one saved (version 2 after the API's change).
        Http browser = admin();
        browser.page("/backup/clients/" + client);
        HttpResponse<String> bad = browser.postForm("/backup/clients/" + client + "/policy", Map.of("version", "1", "rpoHours", "0", "rtoMinutes", "30",
                "scope", "ALL", "failuresAlert", "3", "graceHours", "2", "restorePeriod", "MONTHLY", "restoreSample", "5"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("backup-policy-problem", "Between 1 and 8784");
        HttpResponse<String> saved = browser.postForm("/backup/clients/" + client + "/policy", Map.of("version", "1", "rpoHours", "12", "rtoMinutes", "30",
                "scope", "ALL", "failuresAlert", "3", "graceHours", "2", "restorePeriod", "MONTHLY", "restoreSample", "5"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(api.getJson(path).headers().firstValue("ETag").orElse("")).isEqualTo("\"2\"");

        // The backup module's own source (the compliance tests add a source of their own for the same facts).
        EvidenceSource backup = sources.stream().filter(s -> org.springframework.aop.support.AopUtils.getTargetClass(s).getPackageName().startsWith("io.steward.server.backup"))
                .filter(s -> s.facts().contains(Facts.BACKUP_RPO_MET)).findFirst().orElseThrow();
        Instant at = Instant.now();
        List<Evidence> facts = backup.evidence(new ClientId(UUID.fromString(client)), at);
        Evidence coverage = facts.stream().filter(e -> e.fact().equals(Facts.BACKUP_COVERAGE)).findFirst().orElseThrow();
        assertThat(coverage.passed()).isFalse();
        assertThat(coverage.summary()).contains("1 of 2");
        assertThat(coverage.freshAt(at)).isTrue();
        assertThat(coverage.freshAt(at.plus(Duration.ofDays(3)))).as("expires within two days").isFalse();
        assertThat(facts.stream().filter(e -> e.fact().equals(Facts.BACKUP_RPO_MET)).findFirst().orElseThrow().passed()).isTrue();
        Evidence tested = facts.stream().filter(e -> e.fact().equals(Facts.BACKUP_RESTORE_TESTED)).findFirst().orElseThrow();
        assertThat(tested.passed()).as("never tested").isFalse();
        assertThat(backup.evidence(new ClientId(UUID.fromString(other)), at).stream().map(Evidence::fact).toList())
                .as("no job: no RPO or restore fact, never a pass").doesNotContain(Facts.BACKUP_RPO_MET, Facts.BACKUP_RESTORE_TESTED);
        OwnSeed.deleteClients(api, client, other);
    }

    @Test
    void theMonthlyReportHasABackupSection() {
        Http api = adminApi();
        String client = OwnData.client(api, "Backup report");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "bk-report-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(api.json("PUT", "/api/v1/backup/clients/" + client + "/policy", "{\"scope\":\"ALL\"}", Map.of("If-Match", "\"0\"")).statusCode())
                .isEqualTo(200);
        long now = System.currentTimeMillis();
        long[] failedAt = {now - 3 * 60_000, now - 2 * 60_000};
        for (long at : failedAt) {
            assertThat(report(agent, job("nightly", at, "failed", now - 5 * HOUR, 24)).statusCode()).isEqualTo(200);
        }
        assertThat(report(agent, job("nightly", now - 60_000, "success", now - 60_000, 24)).statusCode()).isEqualTo(200);
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        java.time.YearMonth month = java.time.YearMonth.from(Instant.ofEpochMilli(now - 60_000).atZone(berlin));
        long inMonth = Arrays.stream(failedAt).filter(at -> java.time.YearMonth.from(Instant.ofEpochMilli(at).atZone(berlin)).equals(month)).count();

        HttpResponse<String> r = api.getJson("/api/v1/clients/" + client + "/reports/" + month);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode backup = json(r).path("backup");
        assertThat(backup.path("coverage").path("covered").asInt()).isEqualTo(1);
        assertThat(backup.path("coverage").path("expected").asInt()).isEqualTo(1);
        assertThat(backup.path("jobs").asInt()).isEqualTo(1);
        assertThat(backup.path("rpoMet").asInt()).isEqualTo(1);
        if (inMonth > 0) {
            assertThat(backup.path("failedJobs").get(0).path("failures").asLong()).isEqualTo(inMonth);
        }
        assertThat(admin().page("/clients/" + client + "/reports/" + month)).contains("13. Backup", "1 of 1 devices that should have a backup");
        OwnSeed.deleteClients(api, client);
    }
}
