package io.steward.server.patching;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.steward.agent.config.AgentConfig;
import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.patch.PatchAgent;
import io.steward.agent.patch.PatchInstaller;
import io.steward.agent.patch.PatchScanner;
import io.steward.agent.patch.PatchSchedule;
import io.steward.agent.patch.PrivateAptWorld;
import io.steward.agent.task.ScriptRunner;
import io.steward.agent.task.TaskLoop;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.agent.transport.Backoff;
import io.steward.agent.transport.Delivery;
import io.steward.agent.transport.Outbox;
import io.steward.agent.transport.Spool;
import io.steward.protocol.Messages;
import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.server.automation.SignerHost;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.Await;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.RealAgentEnrollment;
import io.steward.server.support.StandardChangeFlow;
import io.steward.server.support.TestPasskeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Patching end to end, with real apt and real packages: a {@link PrivateAptWorld} (version 1 of a package installed
 * in a private dpkg root, version 2 in a "Debian-Security" repository, private apt configuration and state, so the
 * machine's own sources are untouched), and the real agent in-process: enrolled with its own command (pinning the
 * real signer's key by its fingerprint, tasks limited to standard changes and the {@code patch} interpreter), its
 * heartbeat, patch scanner and task loop against the real server. The agent scans and the server sees the security
 * update, the client falls out of compliance once it is past the deadline, the policy approves security updates
 * automatically, two people's passkeys make the installer a standard change the signer holds, the security run is
 * signed by the signer, the agent verifies and runs it and version 2 is installed in the private root, the results
 * come back as INSTALLED, the rescan is clean and compliance is 100 %. Needs root and apt-utils (as RealAptTest).
 */
class PatchEndToEndTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofMinutes(3);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SignerHost signerHost;

    @TempDir
    Path tmp;

    @Test
    void theAgentFindsASecurityUpdateThePolicyApprovesItTheSignedRunInstallsItAndComplianceReaches100() throws Exception {
        Http api = adminApi();
        String client = OwnData.client(api, "Patch end to end");

        // Enrolled as an operator would: the agent's own enroll command, pinning the signer key the signer's page shows.
        Path config = tmp.resolve("agent");
        AgentConfig agentConfig = RealAgentEnrollment.enroll(api, port, client, config, "patch");
        String device = agentConfig.deviceId();
        // The device's private apt world, in the agent's local patch settings (set on the device, never by the server).
        PrivateAptWorld world = PrivateAptWorld.build(tmp.resolve("apt"), config);

        // People approve security updates at first; the policy is changed to approve them automatically before the run.
        JsonNode policy = json(api.json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"refreshMetadata\":true,\"refreshJitterMinutes\":0,"
                + "\"securityDeadlineDays\":1,\"securityApproval\":\"MANUAL\",\"reboot\":\"never\"}", Map.of("If-Match", "\"0\"")));
        assertThat(policy.path("policy").path("securityApproval").asString()).isEqualTo("MANUAL");

        List<String> reboots = new CopyOnWriteArrayList<>();
        Agent agent = new Agent(config, agentConfig, world, (minutes, message) -> {
            reboots.add(minutes + " " + message);
            return null;
        });
        try {
            // Its first heartbeat brings the client's scan plan (refresh the metadata); the first scan follows it.
            agent.heartbeatAndStartScanning();
            JsonNode found = await("the scan with the security update arrived", () -> Optional.of(json(api.getJson("/api/v1/patches/devices/" + device)))
                    .filter(d -> d.path("updates").size() == 2));
            assertThat(found.path("scan").path("manager").asString()).isEqualTo("apt");
            assertThat(found.path("scan").hasNonNull("metadataRefreshedAt")).as("the scan refreshed the private lists").isTrue();
            JsonNode security = update(found, PrivateAptWorld.SECURITY_PKG);
            assertThat(security.path("installedVersion").asString()).isEqualTo("1");
            assertThat(security.path("candidateVersion").asString()).isEqualTo("2");
            assertThat(security.path("security").asString()).isEqualTo("yes");
            assertThat(security.path("origin").asString()).isEqualTo("Debian-Security:stable-security");
            JsonNode held = update(found, PrivateAptWorld.HELD_PKG);
            assertThat(held.path("security").asString()).isEqualTo("no");
            assertThat(held.path("held").asBoolean()).isTrue();
            assertThat(json(api.getJson("/api/v1/patches/updates?clientId=" + client + "&security=true")).path("page").path("items").valueStream()
                    .map(u -> u.path("name").asString()).toList()).containsExactly(PrivateAptWorld.SECURITY_PKG);

            // Past the one-day deadline (the server's clock is shared, so the update's first sighting is moved back instead).
            TenantContext.runAsSystem(() -> jdbc.sql("UPDATE patch_update SET first_seen_at = ? WHERE device_id = ? AND name = ?")
                    .params(Timestamp.from(Instant.now().minus(Duration.ofDays(2))), UUID.fromString(device), PrivateAptWorld.SECURITY_PKG).update());
            JsonNode before = json(api.getJson("/api/v1/patches/clients/" + client));
            assertThat(before.path("compliance").path("percent").asInt()).isZero();
            assertThat(before.path("overdue").asInt()).isEqualTo(1);

            // The installer becomes a standard change for this client's security updates: requested and approved by two people.
            installerStandardChange(client, policy.path("policy").path("rebootWarningMinutes").asInt());
            HttpResponse<String> window = api.json("POST", "/api/v1/clients/" + client + "/maintenance-windows", "{\"deviceId\":\"" + device
                    + "\",\"startsAt\":\"" + Instant.now().minusSeconds(600) + "\",\"endsAt\":\"" + Instant.now().plus(Duration.ofHours(1))
                    + "\",\"reason\":\"patch night\"}");
            assertThat(window.statusCode()).as(window.body()).isEqualTo(201);

            // Someone with two-factor authentication runs it (as running any script needs), once the policy approves it.
            Http runner = signedIn(DemoLogins.ADMIN);
            HttpResponse<String> manual = runner.json("POST", "/api/v1/patches/clients/" + client + "/security-run", null);
            assertThat(manual.statusCode()).as(manual.body()).isEqualTo(409);
            assertThat(manual.body()).contains("securityApproval");
            JsonNode automatic = json(api.json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"securityApproval\":\"AUTOMATIC\"}",
                    Map.of("If-Match", "\"" + policy.path("policy").path("version").asInt() + "\"")));
            assertThat(automatic.path("policy").path("securityApproval").asString()).isEqualTo("AUTOMATIC");
            HttpResponse<String> ran = runner.json("POST", "/api/v1/patches/clients/" + client + "/security-run", null);
            assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
            JsonNode runs = json(ran);
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).hasNonNull("refusal")).as(ran.body()).isFalse();
            assertThat(runs.get(0).path("plan").path("packages").asString()).isEqualTo(PrivateAptWorld.SECURITY_PKG + "=2");
            assertThat(runs.get(0).path("plan").path("deviceIds").valueStream().map(JsonNode::asString).toList()).containsExactly(device);
            String task = runs.get(0).path("taskId").asString();

            JsonNode run = await("the agent ran the signed task", () -> Optional.of(json(api.getJson("/api/v1/tasks/" + task)))
                    .map(t -> t.path("runs").get(0)).filter(r -> List.of("SUCCEEDED", "FAILED", "REFUSED", "TIMED_OUT", "EXPIRED")
                            .contains(r.path("state").asString())));
            assertThat(run.path("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(run.path("signed").asBoolean()).isTrue();
            assertThat(run.path("stdoutTail").asString()).contains(PatchInstall.RESULT_PREFIX + PrivateAptWorld.SECURITY_PKG + "=2 installed")
                    .doesNotContain(PrivateAptWorld.HELD_PKG);
            JsonNode taskView = json(api.getJson("/api/v1/tasks/" + task)).path("task");
            assertThat(taskView.hasNonNull("standardChangeId")).isTrue();
            assertThat(taskView.path("scriptName").asString()).isEqualTo(json(api.getJson("/api/v1/patches/installer")).path("name").asString());
        } finally {
            agent.stop();
        }

        // Version 2 is in the private root; the held package was left alone; the machine's own dpkg never heard of either.
        assertThat(world.deployedVersion(PrivateAptWorld.SECURITY_PKG)).isEqualTo("2");
        assertThat(world.deployedVersion(PrivateAptWorld.HELD_PKG)).isEqualTo("1");
        assertThat(PrivateAptWorld.knownToTheMachine(PrivateAptWorld.SECURITY_PKG)).isFalse();
        assertThat(reboots).as("the policy says never").isEmpty();

        // The results came back from the run's output, and the agent's rescan after the install is clean.
        JsonNode after = await("the result and the rescan arrived", () -> Optional.of(json(api.getJson("/api/v1/patches/devices/" + device)))
                .filter(d -> d.path("updates").size() == 1 && d.path("history").valueStream().anyMatch(h -> "INSTALLED".equals(h.path("event").asString()))));
        assertThat(after.path("history").valueStream().map(h -> h.path("event").asString() + " " + h.path("name").asString() + " "
                + h.path("toVersion").asString()).toList()).contains("INSTALLED " + PrivateAptWorld.SECURITY_PKG + " 2");
        assertThat(after.path("updates").get(0).path("name").asString()).isEqualTo(PrivateAptWorld.HELD_PKG);
        assertThat(after.path("updates").valueStream()).noneMatch(u -> "yes".equals(u.path("security").asString()));
        assertThat(after.path("scan").hasNonNull("error")).isFalse();
        assertThat(after.path("compliant").asBoolean()).isTrue();
        JsonNode summary = json(api.getJson("/api/v1/patches/clients/" + client));
        assertThat(summary.path("compliance").path("percent").asInt()).isEqualTo(100);
        assertThat(summary.path("security").asInt()).isZero();
        assertThat(summary.path("overdue").asInt()).isZero();
        OwnSeed.deleteClients(api, client);
    }

    /** The manager requests the standard change with their passkey, the admin approves with theirs; the signer then holds it. */
    private void installerStandardChange(String client, int rebootWarningMinutes) {
        Http manager = signedIn(DemoLogins.MANAGER);
        Http admin = signedIn(DemoLogins.ADMIN);
        SoftwarePasskey managerKey = trustedPasskey(manager, DemoLogins.MANAGER);
        SoftwarePasskey adminKey = trustedPasskey(admin, DemoLogins.ADMIN);
        String installer = json(admin.getJson("/api/v1/patches/installer")).path("scriptVersionId").asString();
        // Any package list, but only updates the device's own metadata marks as security updates, and never a reboot.
        StandardChangeFlow.approved(manager, managerKey, admin, adminKey, Map.of("scriptVersionId", installer, "scopeClientId", client,
                "notAfter", Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString(),
                "allowed", Map.of(PatchInstall.PACKAGES, List.of("*"), PatchInstall.SCOPE, List.of("security"), PatchInstall.REBOOT, List.of("never"),
                        PatchInstall.REBOOT_WARNING, List.of(Integer.toString(rebootWarningMinutes)))), signingOrigin());
    }

    private SoftwarePasskey trustedPasskey(Http session, String email) {
        SoftwarePasskey key = TestPasskeys.register(session, port, "Patch e2e " + UUID.randomUUID().toString().substring(0, 8));
        UUID person = TenantContext.callAsSystem(() -> jdbc.sql("SELECT id FROM app_user WHERE email = ?").param(email).query(UUID.class).single());
        TestPasskeys.trust(signerHost, person, "Approver", key, true);
        return key;
    }

    /**
     * The agent's own parts wired as its run command wires them (one sequence for the outbox and the task loop, scans
     * posted through the signed outbox, the installer sharing the scanner's lock), except that reboots are recorded
     * instead of run and the scanner is the private world's.
     */
    private static final class Agent {
        final Outbox outbox;
        final PatchAgent patches;
        final TaskLoop tasks;

        Agent(Path dir, AgentConfig config, PrivateAptWorld world, PatchInstaller.Rebooter rebooter) {
            Clock clock = Clock.systemUTC();
            PrivateKey key = PrivateKeyFile.read(dir);
            AgentHttp http = new AgentHttp(config.server(), config.fingerprint(), clock);
            SequenceFile sequence = new SequenceFile(dir);
            outbox = new Outbox(http, config.deviceId(), key, new Spool(dir.resolve("spool"), 1 << 20, Duration.ofDays(1), clock), sequence,
                    new Backoff(new SplittableRandom()), clock);
            PatchScanner scanner = world.scanner(clock);
            patches = new PatchAgent(scanner, new PatchSchedule(world.settings().refreshAllowed(), new SplittableRandom()),
                    scan -> outbox.submit(Outbox.PATCHES, seq -> PatchScanner.numbered(scan, seq)), clock);
            tasks = new TaskLoop(http, config.deviceId(), key, sequence, dir, clock, new ScriptRunner(dir.resolve("work"), "root"),
                    new PatchInstaller(patches, rebooter), "root");
            tasks.start();
        }

        void heartbeatAndStartScanning() {
            Delivery d = outbox.heartbeat();
            assertThat(d).isInstanceOf(Delivery.Delivered.class);
            Messages.HeartbeatResponse answer = AgentJson.read(((Delivery.Delivered) d).body(), Messages.HeartbeatResponse.class);
            assertThat(answer.status()).isEqualTo("APPROVED");
            assertThat(answer.patches().refreshMetadata()).isTrue();
            patches.applyPlan(answer.patches());
            patches.start();
        }

        void stop() {
            tasks.stop();
            patches.stop();
        }
    }

    static JsonNode update(JsonNode device, String name) {
        return device.path("updates").valueStream().filter(u -> name.equals(u.path("name").asString())).findFirst().orElseThrow();
    }

    static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        return Await.until(what, WAIT, probe);
    }

    static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
