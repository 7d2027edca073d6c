package io.steward.server.backup;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.steward.agent.backup.BackupAgent;
import io.steward.agent.backup.BackupReader;
import io.steward.agent.backup.BackupSettings;
import io.steward.agent.backup.RestoreTester;
import io.steward.agent.config.AgentConfig;
import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.task.ScriptRunner;
import io.steward.agent.task.TaskLoop;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.agent.transport.Backoff;
import io.steward.agent.transport.Delivery;
import io.steward.agent.transport.Outbox;
import io.steward.agent.transport.Spool;
import io.steward.protocol.Messages;
import io.steward.protocol.backup.RestoreTest;
import io.steward.server.automation.SignerHost;
import io.steward.server.support.Await;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.RealAgentEnrollment;
import io.steward.server.support.StandardChangeFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backup end to end, with real restic and BorgBackup (Debian's packages) and the real agent in-process against the real
 * server. The test makes three real repositories in a temporary directory and backs up one directory into each: a
 * restic repository backed up now ({@code nightly}), a restic repository whose only snapshot is dated 30 hours back
 * with {@code restic backup --time} ({@code archive}, older than the 24-hour RPO), and a borg repository
 * ({@code borg-daily}). The agent is enrolled with its own command (pinning the signer's key, standard changes and the
 * {@code restore-test} interpreter only) and configured the way its README says, by its local
 * {@code backup.properties}; its backup reporter, signed outbox and task loop run against the server.
 *
 * <p>What must come out: the server's API and pages show the three jobs as the tools see them (restore points, newest
 * one's time, size, repository); the old snapshot is an RPO breach with an incident, which a fresh backup settles;
 * under a standard change of the built-in restore tester made by two people's passkeys, the server starts the restore
 * tests, the agent verifies the signed orders with the real signer's key, restores three files of the newest snapshot
 * into scratch, checks their SHA-256 against the source and reports, and the server keeps PASSED with the measured time
 * within the RTO.
 */
class BackupEndToEndTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofMinutes(2);
    static final int SAMPLE = 3;

    @Autowired
    SignerHost signerHost;

    @TempDir
    Path tmp;

    @Test
    void realJobsAreReportedAnOldSnapshotBreachesTheRpoAndASignedRestoreTestRestoresAndVerifiesFiles() throws Exception {
        Http api = adminApi();
        String client = OwnData.client(api, "Backup end to end");
        HttpResponse<String> policy = api.json("PUT", "/api/v1/backup/clients/" + client + "/policy",
                "{\"rpoHours\":24,\"rtoMinutes\":5,\"restoreSample\":" + SAMPLE + ",\"restorePeriod\":\"MONTHLY\"}", Map.of("If-Match", "\"0\""));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);

        // Enrolled as an operator would: the agent's own enroll command, pinning the signer key the signer's page shows.
        Path config = tmp.resolve("agent");
        AgentConfig agentConfig = RealAgentEnrollment.enroll(api, port, client, config, RestoreTest.INTERPRETER);
        String device = agentConfig.deviceId();

        // The device's data and its real backups.
        RealBackups tools = new RealBackups(Files.createDirectories(tmp.resolve("device")));
        Path nightly = tools.resticRepo("nightly-repo");
        Instant beforeNightly = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        tools.restic(nightly, "backup", tools.source.toString());
        Instant afterNightly = Instant.now();
        Path archive = tools.resticRepo("archive-repo");
        Instant archivedAt = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
        tools.restic(archive, "backup", "--time", DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(archivedAt.atOffset(ZoneOffset.UTC)),
                tools.source.toString());
        Path borg = tools.borgRepo("borg-repo");
        Instant beforeBorg = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        tools.borg("create", borg + "::first", tools.source.toString());
        Instant afterBorg = Instant.now();
        JsonNode nightlySnapshot = JSON.readTree(tools.resticOut(nightly, "snapshots", "--json")).get(0);
        long nightlyAt = Instant.parse(nightlySnapshot.path("time").asString()).toEpochMilli();
        long nightlySize = JSON.readTree(tools.resticOut(nightly, "stats", nightlySnapshot.path("id").asString(), "--json", "--mode", "raw-data"))
                .path("total_size").asLong();
        assertThat(nightlySize).isPositive();

        // The agent's local backup settings: the three jobs, their passwords as a file only the device reads.
        Files.writeString(config.resolve(BackupSettings.FILE_NAME), String.join("\n",
                "reportMinutes=60",
                "discoverWindows=no",
                "scratchDir=" + tools.scratch,
                "resticCommand=" + tools.resticCommand,
                "borgCommand=" + tools.borgCommand,
                job("nightly", "restic", nightly, tools, 24),
                job("archive", "restic", archive, tools, 168),
                job("borg-daily", "borg", borg, tools, 24)) + "\n");

        Agent agent = new Agent(config, agentConfig);
        try {
            agent.start();

            // The jobs as the tools see them, in the API.
            JsonNode reported = await("the agent's backup report arrived", () -> Optional.of(json(api.getJson("/api/v1/backup/devices/" + device)))
                    .filter(d -> d.path("jobs").size() == 3));
            assertThat(reported.path("rpoHours").asInt()).isEqualTo(24);
            assertThat(reported.path("rtoMinutes").asInt()).isEqualTo(5);
            JsonNode n = job(reported, "nightly");
            assertThat(n.path("tool").asString()).isEqualTo("restic");
            assertThat(n.path("repository").asString()).isEqualTo(nightly.toString());
            assertThat(n.path("lastResult").asString()).isEqualTo("success");
            assertThat(n.hasNonNull("lastError")).isFalse();
            assertThat(n.path("restorePoints").asInt()).isEqualTo(1);
            assertThat(millis(n, "newestPointAt")).isEqualTo(nightlyAt).isBetween(beforeNightly.toEpochMilli(), afterNightly.toEpochMilli());
            assertThat(millis(n, "lastSuccessAt")).isEqualTo(nightlyAt);
            assertThat(n.path("sizeBytes").asLong()).as("restic stats --mode raw-data of the snapshot").isEqualTo(nightlySize);
            assertThat(n.path("pointAgeHours").asLong()).isZero();
            assertThat(n.path("scheduleHours").asInt()).isEqualTo(24);
            assertThat(n.path("breaches")).isEmpty();
            JsonNode a = job(reported, "archive");
            assertThat(a.path("restorePoints").asInt()).isEqualTo(1);
            assertThat(millis(a, "newestPointAt")).as("the time restic backup --time gave it").isEqualTo(archivedAt.toEpochMilli());
            assertThat(a.path("pointAgeHours").asLong()).isEqualTo(30);
            assertThat(a.path("breaches").valueStream().map(JsonNode::asString).toList()).containsExactly("RPO");
            JsonNode b = job(reported, "borg-daily");
            assertThat(b.path("tool").asString()).isEqualTo("borg");
            assertThat(b.path("repository").asString()).isEqualTo(borg.toString());
            assertThat(b.path("lastResult").asString()).isEqualTo("success");
            assertThat(b.path("restorePoints").asInt()).isEqualTo(1);
            assertThat(millis(b, "newestPointAt")).isBetween(beforeBorg.toEpochMilli(), afterBorg.toEpochMilli());
            assertThat(b.path("sizeBytes").asLong()).isPositive();
            assertThat(b.path("breaches")).isEmpty();

            // The old snapshot: one RPO breach with its incident.
            JsonNode page = json(api.getJson("/api/v1/backup/clients/" + client));
            assertThat(page.path("jobs").valueStream().map(j -> j.path("name").asString()).sorted().toList())
                    .containsExactly("archive", "borg-daily", "nightly");
            assertThat(page.path("breaches")).hasSize(1);
            JsonNode breach = page.path("breaches").get(0);
            assertThat(breach.path("job").asString()).isEqualTo("archive");
            assertThat(breach.path("kinds").valueStream().map(JsonNode::asString).toList()).containsExactly("RPO");
            assertThat(breach.hasNonNull("endedAt")).isFalse();
            String incident = breach.path("ticketId").asString();
            JsonNode ticket = json(api.getJson("/api/v1/tickets/" + incident));
            assertThat(ticket.path("type").asString()).isEqualTo("INCIDENT");
            assertThat(ticket.path("status").asString()).isEqualTo("NEW");
            assertThat(ticket.path("title").asString()).contains("archive");

            // The pages show the same.
            String clientPage = admin().page("/backup/clients/" + client);
            assertThat(clientPage).contains("nightly", "borg-daily", "archive", "Breach: RPO", "30 h old, RPO 24 h");
            assertThat(admin().page("/devices/" + device + "/backup")).contains("nightly (restic, " + nightly + ")",
                    "borg-daily (borg, " + borg + ")", "archive (restic, " + archive + ")", "breach: RPO");

            // The restore tester becomes a standard change for this client's nightly and borg-daily jobs: two people's passkeys.
            restoreTesterStandardChange(client, api);
            JsonNode started = json(api.json("POST", "/api/v1/backup/clients/" + client + "/restore-tests", null));
            // The scheduled sweep may have got there first (it runs every few minutes at the real present): two tests either way.
            assertThat(started.path("started").asInt()).as(started.toString()).isBetween(0, 2);
            assertThat(started.path("problem").asString()).contains("does not name the job(s) archive").doesNotContain("Could not start");
            assertThat(json(api.getJson("/api/v1/backup/devices/" + device)).path("restoreTests").valueStream().map(t -> t.path("job").asString())
                    .sorted().toList()).as("prepared, one per named job").containsExactly("borg-daily", "nightly");
            JsonNode done = await("the agent ran both restore tests", () -> Optional.of(json(api.getJson("/api/v1/backup/devices/" + device)))
                    .filter(d -> d.path("restoreTests").size() == 2
                            && d.path("restoreTests").valueStream().noneMatch(t -> t.path("state").asString().equals("RUNNING"))));
            JsonNode restic = restoreTest(done, "nightly");
            JsonNode borgTest = restoreTest(done, "borg-daily");
            for (JsonNode t : List.of(restic, borgTest)) {
                assertThat(t.path("state").asString()).as(t.toString()).isEqualTo("PASSED");
                assertThat(t.path("sample").asInt()).isEqualTo(SAMPLE);
                assertThat(t.path("files").asInt()).isEqualTo(SAMPLE);
                assertThat(t.path("verified").asInt()).isEqualTo(SAMPLE);
                assertThat(t.path("failed").asInt()).isZero();
                assertThat(t.path("rtoMinutes").asInt()).isEqualTo(5);
                assertThat(t.path("withinRto").asBoolean()).isTrue();
                assertThat(t.path("millis").asLong()).isPositive().isLessThan(Duration.ofMinutes(5).toMillis());
                assertRunMatches(api, t);
            }
            assertThat(millis(restic, "pointAt")).as("the newest snapshot was tested").isEqualTo(nightlyAt);
            assertThat(millis(borgTest, "pointAt")).isEqualTo(millis(b, "newestPointAt"));
            try (Stream<Path> left = Files.list(tools.scratch)) {
                assertThat(left.toList()).as("the scratch directories are removed").isEmpty();
            }
            // RTO evidence per device and month (UTC): one month, unless the two tests finished either side of its end.
            JsonNode evidence = json(api.getJson("/api/v1/backup/clients/" + client)).path("rtoEvidence");
            List<String> months = Stream.of(restic, borgTest).map(t -> Instant.parse(t.path("finishedAt").asString()).atOffset(ZoneOffset.UTC)
                    .toString().substring(0, 7)).distinct().sorted(java.util.Comparator.reverseOrder()).toList();
            assertThat(evidence.valueStream().map(e -> e.path("month").asString()).toList()).isEqualTo(months);
            assertThat(evidence.valueStream().mapToInt(e -> e.path("tests").asInt()).sum()).isEqualTo(2);
            assertThat(evidence.valueStream().mapToInt(e -> e.path("passed").asInt()).sum()).isEqualTo(2);
            assertThat(evidence.valueStream().mapToLong(e -> e.path("slowestMillis").asLong()).max().orElseThrow())
                    .isEqualTo(Math.max(restic.path("millis").asLong(), borgTest.path("millis").asLong()));
            assertThat(evidence.valueStream().allMatch(e -> e.path("withinRto").asBoolean())).isTrue();
            assertThat(admin().page("/backup/clients/" + client)).contains(SAMPLE + " of " + SAMPLE, restic.path("millis").asLong() + " ms",
                    borgTest.path("millis").asLong() + " ms", "5 min (met)");

            // A fresh backup of the old job: the next report ends the breach and settles the incident nobody touched.
            tools.restic(archive, "backup", tools.source.toString());
            agent.backups.reportNow();
            JsonNode settled = await("the fresh archive snapshot ended the breach", () -> Optional.of(json(api.getJson("/api/v1/backup/clients/" + client)))
                    .filter(c -> c.path("breaches").get(0).hasNonNull("endedAt")));
            assertThat(job(settled.path("jobs"), "archive").path("breaches")).isEmpty();
            assertThat(job(settled.path("jobs"), "archive").path("restorePoints").asInt()).isEqualTo(2);
            assertThat(json(api.getJson("/api/v1/tickets/" + incident)).path("status").asString()).isEqualTo("RESOLVED");
        } finally {
            agent.stop();
        }
        OwnSeed.deleteClients(api, client);
    }

    /** The run of a restore test: signed, succeeded, and its result line and per-file lines are what the server kept. */
    private void assertRunMatches(Http api, JsonNode test) {
        JsonNode run = json(api.getJson("/api/v1/tasks/" + test.path("taskId").asString())).path("runs").get(0);
        assertThat(run.path("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.path("signed").asBoolean()).isTrue();
        RestoreTest.Result line = RestoreTest.parse(run.path("stdoutTail").asString()).orElseThrow();
        assertThat(line.job()).isEqualTo(test.path("job").asString());
        assertThat(line.millis()).isEqualTo(test.path("millis").asLong());
        assertThat(line.bytes()).isEqualTo(test.path("bytes").asLong());
        // Each sampled file compared with its unchanged source (not merely the tool's own check): the bytes are theirs.
        List<String> verified = run.path("stderrTail").asString().lines().filter(l -> l.startsWith("verified against the source: ")).toList();
        assertThat(verified).as(run.path("stderrTail").asString()).hasSize(SAMPLE);
        long bytes = 0;
        for (String l : verified) {
            String path = l.substring(l.indexOf(": ") + 2);
            bytes += fileSize(path);
        }
        assertThat(bytes).isEqualTo(line.bytes());
    }

    private static long fileSize(String path) {
        try {
            return Files.size(Path.of(path.startsWith("/") ? path : "/" + path));
        } catch (IOException e) {
            throw new AssertionError("a verified file's source is gone: " + path, e);
        }
    }

    private static String job(String name, String tool, Path repository, RealBackups tools, int scheduleHours) {
        return String.join("\n", "job." + name + ".tool=" + tool, "job." + name + ".repository=" + repository,
                "job." + name + ".passwordFile=" + tools.passwordFile, "job." + name + ".paths=" + tools.source,
                "job." + name + ".scheduleHours=" + scheduleHours);
    }

    /**
     * Two service managers (each with two-factor authentication, which running a script asks of the person a restore
     * test runs in the name of, and a passkey the signer trusts): one requests the standard change, the other approves it.
     */
    private void restoreTesterStandardChange(String client, Http api) {
        Approver requester = trustedManager(signerHost, "Backup Manager");
        Approver approver = trustedManager(signerHost, "Backup Manager");
        JsonNode tester = json(api.getJson("/api/v1/backup/restore-tester"));
        assertThat(tester.path("interpreter").asString()).isEqualTo(RestoreTest.INTERPRETER);
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("scriptVersionId", tester.path("scriptVersionId").asString());
        draft.put("scopeClientId", client);
        draft.put("notAfter", Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString());
        draft.put("allowed", Map.of(RestoreTest.JOB, List.of("nightly", "borg-daily"), RestoreTest.SAMPLE, List.of(Integer.toString(SAMPLE))));
        StandardChangeFlow.approved(requester.http(), requester.passkey(), approver.http(), approver.passkey(), draft, signingOrigin());
    }

    /**
     * The agent's own parts wired as its run command wires them (one sequence for the outbox and the task loop, backup
     * reports posted through the signed outbox, the restore tester sharing the reporter's reader and reporting after
     * each test); the run command's heartbeat loop is one heartbeat here.
     */
    private static final class Agent {
        final Outbox outbox;
        final BackupAgent backups;
        final TaskLoop tasks;

        Agent(Path dir, AgentConfig config) {
            Clock clock = Clock.systemUTC();
            PrivateKey key = PrivateKeyFile.read(dir);
            AgentHttp http = new AgentHttp(config.server(), config.fingerprint(), clock);
            SequenceFile sequence = new SequenceFile(dir);
            outbox = new Outbox(http, config.deviceId(), key, new Spool(dir.resolve("spool"), 1 << 20, Duration.ofDays(1), clock), sequence,
                    new Backoff(new SplittableRandom()), clock);
            BackupSettings settings = BackupSettings.load(dir);
            assertThat(settings.active()).isTrue();
            backups = new BackupAgent(BackupReader.forThisMachine(settings, clock),
                    report -> outbox.submit(Outbox.BACKUP, seq -> BackupReader.numbered(report, seq)));
            String user = System.getProperty("user.name");
            tasks = new TaskLoop(http, config.deviceId(), key, sequence, dir, clock, new ScriptRunner(dir.resolve("work"), user), null,
                    new RestoreTester(backups.reader(), backups::reportNow, new SplittableRandom()), user);
        }

        void start() {
            tasks.start();
            backups.start();
            Delivery d = outbox.heartbeat();
            assertThat(d).isInstanceOf(Delivery.Delivered.class);
            assertThat(AgentJson.read(((Delivery.Delivered) d).body(), Messages.HeartbeatResponse.class).status()).isEqualTo("APPROVED");
        }

        void stop() {
            tasks.stop();
            backups.stop();
        }
    }

    static JsonNode job(JsonNode device, String name) {
        JsonNode list = device.has("jobs") ? device.path("jobs") : device;
        return list.valueStream().map(j -> j.has("job") ? j.path("job") : j).filter(j -> name.equals(j.path("name").asString())).findFirst().orElseThrow();
    }

    static JsonNode restoreTest(JsonNode device, String job) {
        return device.path("restoreTests").valueStream().filter(t -> job.equals(t.path("job").asString())).findFirst().orElseThrow();
    }

    static long millis(JsonNode node, String field) {
        return Instant.parse(node.path(field).asString()).toEpochMilli();
    }

    static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        return Await.until(what, WAIT, probe);
    }

    static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
