package io.steward.server.security;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.steward.agent.config.AgentConfig;
import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.security.SecurityAgent;
import io.steward.agent.security.SecuritySettings;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.agent.transport.Backoff;
import io.steward.agent.transport.Delivery;
import io.steward.agent.transport.Outbox;
import io.steward.agent.transport.Spool;
import io.steward.protocol.Messages;
import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.RealAgentEnrollment;
import io.steward.server.support.OwnSeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security checks end to end: the real agent in-process (enrolled with its own command, configured by its local
 * {@code security.properties}, its {@link SecurityAgent} posting through the signed outbox and taking the plan from
 * the server's answers) evaluates its real checks on this machine against the real server. Two checks whose state the
 * test can set without touching the machine's own: {@code ssh-password-login} on an sshd configuration in a temporary
 * file, and {@code listening-ports} on this machine's real sockets against the client's plan, which allows every port
 * but one the test listens on with a real {@link ServerSocket}. (The other checks depend on this machine's firewall,
 * disks, antivirus and logs, which the test does not control; the agent's own tests run them against real state and
 * captured outputs.) Both pass, then fail (passwords accepted, the port open), then pass again; the server keeps each
 * check's episode (began at the last pass, detected at the failing round's receipt, fixed at the passing round), opens
 * and settles the plan's incidents, and gives the month's MTTD and MTTR, in the API and on the pages.
 */
class SecurityEndToEndTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SSH = SecurityCheckMessages.SSH_PASSWORD_LOGIN;
    static final String PORTS = SecurityCheckMessages.LISTENING_PORTS;
    /** How far back the agent's clock dates its first round (see {@link DeviceClock}). */
    static final Duration FIRST_ROUND_BACK = Duration.ofMinutes(90);

    @TempDir
    Path tmp;

    @Test
    void checksThatPassFailAndPassAgainOnThisMachineGiveTheirEpisodesIncidentsAndDetectionAndRepairTimes() throws Exception {
        Http api = adminApi();
        String client = OwnData.client(api, "Security end to end");
        ZoneId zone = ZoneId.of(json(api.getJson("/api/v1/clients/" + client)).path("timeZone").asString());
        // Every port is allowed but one the test listens on later: chosen below the kernel's ephemeral range, where no
        // listener asking for any port (this server, its database, other tests) is put.
        int unexpected = freePort();
        List<String> allowed = List.of("1-" + (unexpected - 1) + "/tcp", (unexpected + 1) + "-65535/tcp", "1-65535/udp");
        HttpResponse<String> put = api.json("PUT", "/api/v1/security/clients/" + client + "/plan", JSON.writeValueAsString(Map.of(
                "allowedPorts", allowed, "incidentChecks", List.of(PORTS, SSH))), Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).path("allowedPorts").valueStream().map(JsonNode::asString).toList()).isEqualTo(allowed);

        Path config = tmp.resolve("agent");
        AgentConfig agentConfig = RealAgentEnrollment.enroll(api, port, client, config);
        String device = agentConfig.deviceId();

        // The device's local settings: the sshd configuration to read, and the checks this test does not drive left out.
        Path sshd = tmp.resolve("sshd_config");
        Files.writeString(sshd, "PasswordAuthentication no\nKbdInteractiveAuthentication no\n");
        Files.writeString(config.resolve(SecuritySettings.FILE_NAME), "sshdConfig=" + sshd + "\n"
                + "disabledChecks=failed-logons,admin-group,firewall,disk-encryption,antivirus,security-updates,reboot-pending\n");

        DeviceClock deviceClock = new DeviceClock();
        Agent agent = new Agent(config, agentConfig, deviceClock);
        try {
            agent.heartbeat();
            assertThat(agent.security.plan().allowedPorts()).as("the first round checks by the client's plan").isEqualTo(allowed);

            // The agent's first round: both pass. Dated back (see DeviceClock) so that detection takes minutes, not the test's seconds.
            deviceClock.offset = FIRST_ROUND_BACK.negated();
            SecurityCheckMessages.Results first = agent.security.round();
            deviceClock.offset = Duration.ZERO;
            assertThat(statuses(first)).isEqualTo(Map.of(PORTS, "pass", SSH, "pass"));
            Instant passedAt = Instant.ofEpochMilli(first.evaluatedAt());
            JsonNode afterFirst = json(api.getJson("/api/v1/security/devices/" + device));
            assertThat(afterFirst.path("results").valueStream().map(r -> r.path("check").asString() + " " + r.path("status").asString()).toList())
                    .containsExactly(PORTS + " pass", SSH + " pass");
            assertThat(instant(result(afterFirst, SSH), "lastPassAt")).isEqualTo(passedAt);
            assertThat(result(afterFirst, SSH).path("evidence").asString()).startsWith("SSH accepts no passwords: PasswordAuthentication no (sshd_config:1)");
            assertThat(result(afterFirst, PORTS).path("evidence").asString()).contains("listening ports, all allowed");
            assertThat(afterFirst.path("episodes")).isEmpty();

            // SSH now accepts passwords, and a port the plan does not allow listens.
            Files.writeString(sshd, "PasswordAuthentication yes\nKbdInteractiveAuthentication no\n");
            Instant before;
            Instant after;
            SecurityCheckMessages.Results failing;
            try (ServerSocket listener = new ServerSocket(unexpected, 50, InetAddress.getLoopbackAddress())) {
                before = Instant.now();
                failing = agent.security.round();
                after = Instant.now();
                assertThat(listener.isBound()).isTrue();
            }
            assertThat(statuses(failing)).isEqualTo(Map.of(PORTS, "fail", SSH, "fail"));
            String sshEvidence = evidence(failing, SSH);
            String portEvidence = evidence(failing, PORTS);
            assertThat(sshEvidence).startsWith("SSH accepts passwords: PasswordAuthentication yes (sshd_config:1), KbdInteractiveAuthentication no (sshd_config:2)");
            assertThat(portEvidence).isEqualTo("1 listening ports not allowed: " + unexpected + "/tcp on 127.0.0.1");

            JsonNode open = json(api.getJson("/api/v1/security/devices/" + device));
            assertThat(open.path("episodes")).hasSize(2);
            for (String check : List.of(PORTS, SSH)) {
                JsonNode e = episode(open, check);
                assertThat(instant(e, "beganAt")).as("the last passing evaluation").isEqualTo(passedAt);
                assertThat(e.path("beganFrom").asString()).isEqualTo("last-pass");
                assertThat(instant(e, "detectedAt")).as("the server's receipt of the failing round").isBetween(before, after);
                assertThat(e.hasNonNull("fixedAt")).isFalse();
                JsonNode ticket = json(api.getJson("/api/v1/tickets/" + e.path("incidentId").asString()));
                assertThat(ticket.path("type").asString()).isEqualTo("INCIDENT");
                assertThat(ticket.path("status").asString()).isEqualTo("NEW");
                assertThat(ticket.path("title").asString()).contains(check);
            }
            assertThat(episode(open, SSH).path("evidence").asString()).isEqualTo(sshEvidence);
            assertThat(episode(open, PORTS).path("evidence").asString()).isEqualTo(portEvidence);
            YearMonth month = YearMonth.from(instant(episode(open, SSH), "detectedAt").atZone(zone));
            JsonNode openTimes = json(api.getJson("/api/v1/security/clients/" + client + "?month=" + month)).path("times");
            assertThat(openTimes.path("detected").asInt()).isEqualTo(2);
            assertThat(openTimes.path("fixed").asInt()).isZero();
            assertThat(openTimes.path("stillOpen").asInt()).isEqualTo(2);
            assertThat(openTimes.path("mttdMeanMinutes").asLong()).isEqualTo(meanMinutes(open, "beganAt", "detectedAt")).isGreaterThanOrEqualTo(90);
            assertThat(openTimes.hasNonNull("mttrMeanMinutes")).isFalse();
            String openPage = admin().page("/security/devices/" + device);
            assertThat(openPage).contains(sshEvidence, portEvidence, "still failing", "(last-pass)");
            assertThat(admin().page("/security/clients/" + client + "?month=" + month)).contains("security-open", portEvidence, "none fixed yet");

            // Both fixed: passwords off again, the port closed (the listener's try block ended).
            Files.writeString(sshd, "PasswordAuthentication no\nKbdInteractiveAuthentication no\n");
            SecurityCheckMessages.Results fixed = agent.security.round();
            assertThat(statuses(fixed)).isEqualTo(Map.of(PORTS, "pass", SSH, "pass"));
            Instant fixedAt = Instant.ofEpochMilli(fixed.evaluatedAt());

            JsonNode closed = json(api.getJson("/api/v1/security/devices/" + device));
            assertThat(closed.path("episodes")).hasSize(2);
            for (String check : List.of(PORTS, SSH)) {
                JsonNode e = episode(closed, check);
                Instant detected = instant(e, "detectedAt");
                assertThat(instant(e, "fixedAt")).as("the passing evaluation, never before the detection")
                        .isEqualTo(fixedAt.isBefore(detected) ? detected : fixedAt);
                assertThat(e.path("fixedEvidence").asString()).isEqualTo(evidence(fixed, check));
                assertThat(json(api.getJson("/api/v1/tickets/" + e.path("incidentId").asString())).path("status").asString()).isEqualTo("RESOLVED");
            }
            JsonNode summary = json(api.getJson("/api/v1/security/clients/" + client + "?month=" + month));
            JsonNode times = summary.path("times");
            assertThat(times.path("month").asString()).isEqualTo(month.toString());
            assertThat(times.path("detected").asInt()).isEqualTo(2);
            assertThat(times.path("fixed").asInt()).isEqualTo(2);
            assertThat(times.path("stillOpen").asInt()).isZero();
            long mttd = meanMinutes(closed, "beganAt", "detectedAt");
            long mttr = meanMinutes(closed, "detectedAt", "fixedAt");
            assertThat(times.path("mttdMeanMinutes").asLong()).isEqualTo(mttd);
            assertThat(times.path("mttdMedianMinutes").asLong()).as("the median of two is their mean").isEqualTo(mttd);
            assertThat(times.path("mttrMeanMinutes").asLong()).isEqualTo(mttr);
            assertThat(times.path("mttrMedianMinutes").asLong()).isEqualTo(mttr);
            assertThat(summary.path("openEpisodes")).isEmpty();
            JsonNode row = summary.path("devices").valueStream().filter(d -> d.path("deviceId").asString().equals(device)).findFirst().orElseThrow();
            assertThat(row.path("statuses").path(SSH).asString()).isEqualTo("pass");
            assertThat(row.path("statuses").path(PORTS).asString()).isEqualTo("pass");
            assertThat(row.path("failing").asInt()).isZero();

            // The pages show the same history and times.
            String devicePage = admin().page("/security/devices/" + device);
            assertThat(devicePage).contains(sshEvidence, portEvidence, " · fixed: " + evidence(fixed, SSH)).doesNotContain("still failing");
            assertThat(admin().page("/security/clients/" + client + "?month=" + month)).contains("security-no-open",
                    "median " + mttd + " min, mean " + mttd + " min", "median " + mttr + " min, mean " + mttr + " min over 2 fixed");
        } finally {
            agent.stop();
        }
        OwnSeed.deleteClients(api, client);
    }

    /**
     * The agent's clock for its security rounds: the real time, shifted while the test says so. The first round is
     * dated back as one that waited in the agent's spool would be; the server's own clock (receipt, detection) is never
     * touched, and the agent's transport signs with the real time.
     */
    static final class DeviceClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /**
     * The agent's own parts wired as its run command wires them: rounds posted through the signed outbox, the plan taken
     * from every heartbeat answer and every answer to a round, and rounds starting after the first heartbeat; the test
     * starts each round itself.
     */
    private static final class Agent {
        final Outbox outbox;
        final SecurityAgent security;

        Agent(Path dir, AgentConfig config, Clock deviceClock) {
            Clock clock = Clock.systemUTC();
            PrivateKey key = PrivateKeyFile.read(dir);
            AgentHttp http = new AgentHttp(config.server(), config.fingerprint(), clock);
            outbox = new Outbox(http, config.deviceId(), key, new Spool(dir.resolve("spool"), 1 << 20, Duration.ofDays(1), clock), new SequenceFile(dir),
                    new Backoff(new SplittableRandom()), clock);
            security = SecurityAgent.forThisMachine(SecuritySettings.load(dir), dir.resolve("security"), () -> null,
                    results -> outbox.submit(Outbox.SECURITY, seq -> SecurityAgent.numbered(results, seq)), deviceClock);
            assertThat(security).isNotNull();
            outbox.onAnswer(Outbox.SECURITY, security::answer);
        }

        void heartbeat() {
            Delivery d = outbox.heartbeat();
            assertThat(d).isInstanceOf(Delivery.Delivered.class);
            Messages.HeartbeatResponse answer = AgentJson.read(((Delivery.Delivered) d).body(), Messages.HeartbeatResponse.class);
            assertThat(answer.status()).isEqualTo("APPROVED");
            assertThat(answer.security()).as("the client's security plan in the heartbeat answer").isNotNull();
            security.applyPlan(answer.security());
        }

        void stop() {
            security.stop();
        }
    }

    /** A port below the ephemeral range that nothing listens on now. */
    static int freePort() throws IOException {
        SplittableRandom random = new SplittableRandom();
        for (int i = 0; i < 200; i++) {
            int p = 20_000 + random.nextInt(10_000);
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (BindException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 30000");
    }

    static Map<String, String> statuses(SecurityCheckMessages.Results r) {
        assertThat(r.results()).hasSize(2);
        return r.results().stream().collect(java.util.stream.Collectors.toMap(SecurityCheckMessages.Result::check, SecurityCheckMessages.Result::status));
    }

    static String evidence(SecurityCheckMessages.Results r, String check) {
        return r.results().stream().filter(x -> x.check().equals(check)).findFirst().orElseThrow().evidence();
    }

    static JsonNode result(JsonNode device, String check) {
        return device.path("results").valueStream().filter(r -> check.equals(r.path("check").asString())).findFirst().orElseThrow();
    }

    static JsonNode episode(JsonNode device, String check) {
        return device.path("episodes").valueStream().filter(e -> check.equals(e.path("check").asString())).findFirst().orElseThrow();
    }

    /** The mean, in whole minutes, of {@code to - from} over the device's episodes (as DetectionTimes computes it). */
    static long meanMinutes(JsonNode device, String from, String to) {
        long sum = 0;
        int n = 0;
        for (JsonNode e : device.path("episodes")) {
            sum += Duration.between(instant(e, from), instant(e, to)).toMillis();
            n++;
        }
        return Duration.ofMillis(Math.floorDiv(sum, n)).toMinutes();
    }

    static Instant instant(JsonNode node, String field) {
        return Instant.parse(node.path(field).asString());
    }

    static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
