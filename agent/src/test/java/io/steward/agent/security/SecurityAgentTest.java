package io.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.agent.transport.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;
import io.steward.agent.config.SequenceFile;
import io.steward.agent.transport.AgentHttp;
import io.steward.agent.transport.AgentJson;
import io.steward.agent.transport.Backoff;
import io.steward.agent.transport.Outbox;
import io.steward.agent.transport.Spool;
import io.steward.protocol.AgentProtocol;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.protocol.security.SecurityCheckMessages.Plan;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class SecurityAgentTest {
    private static final JsonMapper JACKSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @TempDir
    Path tmp;

    /** A check that says what it is told, or throws. */
    record Fixed(String id, String status, RuntimeException failure) implements Check {
        @Override
        public SecurityCheckMessages.Result evaluate(Plan plan) {
            if (failure != null) {
                throw failure;
            }
            return new SecurityCheckMessages.Result(id, status, "told to", null);
        }
    }

    @Test
    void aCheckThatThrowsIsUnknownWithTheReasonAndTheOthersStillRun() {
        List<SecurityCheckMessages.Results> posted = new CopyOnWriteArrayList<>();
        SecurityAgent agent = new SecurityAgent(List.of(
                new Fixed(SecurityCheckMessages.FIREWALL, SecurityCheckMessages.PASS, null),
                new Fixed(SecurityCheckMessages.ANTIVIRUS, null, new IllegalStateException("clamscan exploded")),
                new Fixed(SecurityCheckMessages.DISK_ENCRYPTION, "maybe", null),
                new Fixed(SecurityCheckMessages.LISTENING_PORTS, SecurityCheckMessages.FAIL, null)), posted::add, Clock.systemUTC());
        var round = agent.round();
        assertThat(posted).containsExactly(round);
        assertThat(round.results()).extracting(SecurityCheckMessages.Result::check, SecurityCheckMessages.Result::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SecurityCheckMessages.FIREWALL, SecurityCheckMessages.PASS),
                org.assertj.core.groups.Tuple.tuple(SecurityCheckMessages.ANTIVIRUS, SecurityCheckMessages.UNKNOWN),
                org.assertj.core.groups.Tuple.tuple(SecurityCheckMessages.DISK_ENCRYPTION, SecurityCheckMessages.UNKNOWN),
                org.assertj.core.groups.Tuple.tuple(SecurityCheckMessages.LISTENING_PORTS, SecurityCheckMessages.FAIL));
        assertThat(round.results().get(1).evidence()).isEqualTo("the check failed: java.lang.IllegalStateException: clamscan exploded");
    }

    @Test
    void roundsGoThroughTheSignedOutboxAndThePlanInTheAnswerTakesEffectInTheNextRound() throws Exception {
        KeyPair device = DeviceKeys.generate();
        List<SecurityCheckMessages.Results> received = new CopyOnWriteArrayList<>();
        List<Boolean> signed = new CopyOnWriteArrayList<>();
        AtomicReference<Plan> serverPlan = new AtomicReference<>();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(SecurityCheckMessages.RESULTS_PATH, ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            long ts = Long.parseLong(ex.getRequestHeaders().getFirst(AgentProtocol.TIMESTAMP_HEADER));
            signed.add(DeviceKeys.verify(device.getPublic(), AgentProtocol.canonicalRequest("POST", SecurityCheckMessages.RESULTS_PATH, ts, body),
                    ex.getRequestHeaders().getFirst(AgentProtocol.SIGNATURE_HEADER)));
            // The server reads with Jackson.
            SecurityCheckMessages.Results r = JACKSON.readValue(body, SecurityCheckMessages.Results.class);
            received.add(r);
            byte[] reply = JACKSON.writeValueAsBytes(new SecurityCheckMessages.ResultsResponse(r.seq(), true, null, serverPlan.get()));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        http.start();
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = listener.getLocalPort();
            Clock clock = Clock.systemUTC();
            Path config = Files.createDirectories(tmp.resolve("agent"));
            Outbox outbox = new Outbox(new AgentHttp(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), Optional.empty(), clock), "dev-1",
                    device.getPrivate(), new Spool(config.resolve("spool"), 1 << 20, Duration.ofDays(1), clock), new SequenceFile(config),
                    new Backoff(new SplittableRandom(1)), clock);
            SecurityAgent agent = new SecurityAgent(List.of(new ListeningPorts(Path.of("/proc/net"), Programs.SYSTEM, false)),
                    r -> outbox.submit(Outbox.SECURITY, seq -> SecurityAgent.numbered(r, seq)), clock);
            outbox.onAnswer(Outbox.SECURITY, agent::answer);

            // The default plan allows 22/tcp only: the test's listener fails the check.
            serverPlan.set(new Plan(15, 30, 5, List.of(port + "/tcp"), List.of("alice"), 24, 14));
            agent.round();
            assertThat(received).hasSize(1);
            assertThat(received.get(0).seq()).isPositive();
            assertThat(received.get(0).results()).singleElement().satisfies(r -> {
                assertThat(r.check()).isEqualTo(SecurityCheckMessages.LISTENING_PORTS);
                assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
                assertThat(r.evidence()).contains(port + "/tcp on 127.0.0.1");
            });
            assertThat(signed).containsExactly(true);
            // The answer carried the server's plan: the next round allows the port and comes 15 minutes after this one.
            assertThat(agent.plan()).isEqualTo(serverPlan.get());
            assertThat(Duration.between(clock.instant(), agent.due())).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));
            agent.round();
            assertThat(received).hasSize(2);
            assertThat(received.get(1).seq()).isGreaterThan(received.get(0).seq());
            assertThat(received.get(1).results().get(0).evidence()).doesNotContain(port + "/tcp on");

            // An answer without a plan keeps the current one; a broken answer changes nothing either.
            serverPlan.set(null);
            agent.round();
            assertThat(agent.plan().everyMinutes()).isEqualTo(15);
            assertThatThrownBy(() -> agent.answer("{".getBytes())).isInstanceOf(AgentJson.JsonException.class);
            assertThat(agent.plan().allowedPorts()).containsExactly(port + "/tcp");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void theScheduleStartsAtOnceAndFollowsThePlansInterval() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
        SecurityAgent agent = new SecurityAgent(List.of(), r -> { }, clock);
        assertThat(agent.plan()).isEqualTo(SecurityCheckMessages.DEFAULT_PLAN);
        assertThat(agent.due()).isBefore(clock.instant());
        agent.round();
        assertThat(agent.due()).isEqualTo(Instant.parse("2026-12-06T11:00:00Z"));
        agent.applyPlan(new Plan(5, 60, 10, null, null, 72, 30));
        assertThat(agent.due()).isEqualTo(Instant.parse("2026-12-06T10:05:00Z"));
        assertThat(agent.plan().allowedPorts()).isEmpty();
        // Nonsense from a server is bounded rather than obeyed: never more often than each minute.
        agent.applyPlan(new Plan(0, -1, -5, List.of(), List.of(), -1, -1));
        assertThat(agent.plan()).isEqualTo(new Plan(1, 1, 0, List.of(), List.of(), 0, 0));
    }

    @Test
    void aDueRoundRunsOnAShortLivedThreadOneAtATimeAndNoneAfterStop() throws Exception {
        List<SecurityCheckMessages.Results> posted = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Check slow = new Check() {
            @Override
            public String id() {
                return SecurityCheckMessages.FIREWALL;
            }

            @Override
            public SecurityCheckMessages.Result evaluate(Plan plan) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Check.pass(id(), "slow");
            }
        };
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
        SecurityAgent agent = new SecurityAgent(List.of(slow), posted::add, clock);
        assertThat(agent.runIfDue()).isTrue();
        Thread round = agent.running();
        assertThat(round.getName()).isEqualTo("steward-security");
        // Still running: no second round starts beside it.
        clock.advance(Duration.ofHours(2));
        assertThat(agent.runIfDue()).isFalse();
        release.countDown();
        round.join(10_000);
        assertThat(round.isAlive()).isFalse();
        assertThat(posted).hasSize(1);
        // The round ended at 12:00 by this clock: the next is due an hour later.
        assertThat(agent.runIfDue()).isFalse();
        clock.advance(Duration.ofMinutes(60));
        agent.stop();
        assertThat(agent.runIfDue()).isFalse();
        assertThat(posted).hasSize(1);
    }

    @Test
    void localSettingsSwitchChecksOff() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cfg"));
        SecurityAgent all = SecurityAgent.forThisMachine(SecuritySettings.load(dir), dir.resolve("security"), () -> null, r -> { }, Clock.systemUTC());
        assertThat(all.evaluate().results()).extracting(SecurityCheckMessages.Result::check).containsExactlyElementsOf(SecurityCheckMessages.CHECKS);

        Files.writeString(dir.resolve(SecuritySettings.FILE_NAME), "disabledChecks = antivirus, disk-encryption\nantivirusMaxAgeDays=3\n");
        SecuritySettings settings = SecuritySettings.load(dir);
        assertThat(settings.antivirusMaxAgeDays()).isEqualTo(3);
        var some = SecurityAgent.forThisMachine(settings, dir.resolve("security"), () -> null, r -> { }, Clock.systemUTC()).evaluate();
        assertThat(some.results()).extracting(SecurityCheckMessages.Result::check).hasSize(7)
                .doesNotContain(SecurityCheckMessages.ANTIVIRUS, SecurityCheckMessages.DISK_ENCRYPTION);
        assertThat(some.results()).allSatisfy(r -> assertThat(SecurityCheckMessages.STATUSES).contains(r.status()));

        Files.writeString(dir.resolve(SecuritySettings.FILE_NAME), "checks=off\n");
        assertThat(SecurityAgent.forThisMachine(SecuritySettings.load(dir), dir, () -> null, r -> { }, Clock.systemUTC())).isNull();

        Files.writeString(dir.resolve(SecuritySettings.FILE_NAME), "disabledChecks=antivirus,virus-scan\n");
        assertThatThrownBy(() -> SecuritySettings.load(dir)).isInstanceOf(IllegalStateException.class).hasMessageContaining("no such check: virus-scan");
    }

    @Test
    void theWireFormatIsJacksonsBothWays() throws Exception {
        var results = new SecurityCheckMessages.Results(7, 1_796_550_000_000L, List.of(
                new SecurityCheckMessages.Result(SecurityCheckMessages.FAILED_LOGONS, SecurityCheckMessages.FAIL, "12 failed logons <ssh> & \"su\"", 1_796_549_000_000L),
                new SecurityCheckMessages.Result(SecurityCheckMessages.FIREWALL, SecurityCheckMessages.UNKNOWN, "no tool", null)));
        assertThat(JACKSON.readValue(AgentJson.write(results), SecurityCheckMessages.Results.class)).isEqualTo(results);
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(results), SecurityCheckMessages.Results.class)).isEqualTo(results);
        var response = new SecurityCheckMessages.ResultsResponse(7, false, "device retired", SecurityCheckMessages.DEFAULT_PLAN);
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(response), SecurityCheckMessages.ResultsResponse.class)).isEqualTo(response);
        assertThat(AgentJson.read("{\"seq\":1,\"accepted\":true,\"future\":[1]}".getBytes(), SecurityCheckMessages.ResultsResponse.class).plan()).isNull();
    }
}
