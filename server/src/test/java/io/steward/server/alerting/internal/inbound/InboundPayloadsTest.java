package io.steward.server.alerting.internal.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.steward.server.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The captured payloads (test resources alerts-in/) read into alerts; malformed ones are refused naming the field. */
class InboundPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-29T01:30:00Z");

    static JsonNode captured(String name, String host) {
        try (InputStream in = InboundPayloadsTest.class.getResourceAsStream("/alerts-in/" + name)) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{HOST}}", host));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void alertmanagerFiringAndResolved() {
        List<InboundAlert> firing = InboundPayloads.alertmanager(captured("alertmanager-firing.json", "web1"), NOW);
        assertThat(firing).hasSize(1);
        InboundAlert a = firing.getFirst();
        assertThat(a.firing()).isTrue();
        assertThat(a.fingerprint()).isEqualTo("3c1f0e7a5d2b9e41");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2025-11-03T08:14:07.512Z"));
        assertThat(a.endsAt()).as("Go's zero time is no end").isNull();
        assertThat(a.severity()).isEqualTo("CRITICAL");
        assertThat(a.hosts()).containsExactly("web1");
        assertThat(a.title()).isEqualTo("InstanceDown: Instance web1:9100 down");
        assertThat(a.description()).contains("has been down for more than 5 minutes", "job=node", "http://prometheus.corp.example:9090/graph");

        InboundAlert r = InboundPayloads.alertmanager(captured("alertmanager-resolved.json", "web1"), NOW).getFirst();
        assertThat(r.firing()).isFalse();
        assertThat(r.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(r.endsAt()).isEqualTo(Instant.parse("2025-11-03T08:41:52.118Z"));
    }

    @Test
    void uptimeKumaDownAndUpAndItsTestButton() {
        InboundAlert down = InboundPayloads.uptimeKuma(captured("uptime-kuma-down.json", "intranet"), NOW).getFirst();
        assertThat(down.firing()).isTrue();
        assertThat(down.fingerprint()).isEqualTo("monitor-12");
        assertThat(down.startsAt()).as("heartbeat time is UTC").isEqualTo(Instant.parse("2025-11-03T08:14:07.512Z"));
        assertThat(down.hosts()).containsExactly("intranet.corp.example");
        assertThat(down.title()).isEqualTo("Intranet is down");
        assertThat(down.description()).startsWith("connect ECONNREFUSED 10.20.0.15:443");
        assertThat(down.severity()).isEqualTo("CRITICAL");

        InboundAlert up = InboundPayloads.uptimeKuma(captured("uptime-kuma-up.json", "intranet"), NOW).getFirst();
        assertThat(up.firing()).isFalse();
        assertThat(up.endsAt()).isEqualTo(Instant.parse("2025-11-03T08:39:07.204Z"));

        assertThat(InboundPayloads.uptimeKuma(JSON.readTree("{\"heartbeat\":null,\"monitor\":null,\"msg\":\"Uptime Kuma Testing...\"}"), NOW))
                .as("the Test button opens nothing").isEmpty();
        assertThat(InboundPayloads.uptimeKuma(JSON.readTree(
                "{\"heartbeat\":{\"status\":2,\"time\":\"2025-11-03 08:14:07.512\"},\"monitor\":{\"id\":1}}"), NOW))
                .as("pending is no verdict").isEmpty();
    }

    @Test
    void genericFormSingleAndBatch() {
        InboundAlert g = InboundPayloads.generic(captured("generic-firing.json", "nas01"), NOW).getFirst();
        assertThat(g.fingerprint()).isEqualTo("backup-nas01");
        assertThat(g.startsAt()).isEqualTo(Instant.parse("2025-11-02T22:05:00Z"));
        assertThat(g.severity()).isEqualTo("WARNING");
        assertThat(g.hosts()).containsExactly("nas01");

        List<InboundAlert> batch = InboundPayloads.generic(JSON.readTree(
                "{\"alerts\":[{\"fingerprint\":\"a\",\"status\":\"firing\",\"title\":\"A\"},{\"fingerprint\":\"b\",\"status\":\"resolved\"}]}"), NOW);
        assertThat(batch).extracting(InboundAlert::fingerprint).containsExactly("a", "b");
        assertThat(batch.getFirst().startsAt()).as("no start given: now").isEqualTo(NOW);
    }

    @Test
    void aStartInTheFutureIsTakenAsNow() {
        InboundAlert g = InboundPayloads.generic(JSON.readTree(
                "{\"fingerprint\":\"f\",\"status\":\"firing\",\"title\":\"T\",\"startsAt\":\"2026-03-29T02:30:00Z\"}"), NOW).getFirst();
        assertThat(g.startsAt()).isEqualTo(NOW);
    }

    @Test
    void malformedBodiesNameTheField() {
        assertField(() -> InboundPayloads.alertmanager(JSON.readTree("{\"alerts\":[]}"), NOW), "version");
        assertField(() -> InboundPayloads.alertmanager(JSON.readTree("{\"version\":\"3\",\"alerts\":[]}"), NOW), "version");
        assertField(() -> InboundPayloads.alertmanager(JSON.readTree("{\"version\":\"4\"}"), NOW), "alerts");
        assertField(() -> InboundPayloads.alertmanager(JSON.readTree(
                "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{},\"startsAt\":\"2025-11-03T08:14:07Z\"},{\"labels\":{}}]}"), NOW),
                "alerts[1].status");
        assertField(() -> InboundPayloads.alertmanager(JSON.readTree(
                "{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{},\"startsAt\":\"yesterday\"}]}"), NOW), "alerts[0].startsAt");
        assertField(() -> InboundPayloads.uptimeKuma(JSON.readTree("{\"heartbeat\":{\"status\":0},\"monitor\":{\"id\":3}}"), NOW), "heartbeat.time");
        assertField(() -> InboundPayloads.uptimeKuma(JSON.readTree("{\"heartbeat\":{\"status\":0,\"time\":\"2025-11-03 08:14:07\"},\"monitor\":{}}"),
                NOW), "monitor.id");
        assertField(() -> InboundPayloads.generic(JSON.readTree("{\"status\":\"firing\",\"title\":\"T\"}"), NOW), "fingerprint");
        assertField(() -> InboundPayloads.generic(JSON.readTree("{\"fingerprint\":\"f\",\"status\":\"burning\"}"), NOW), "status");
        assertField(() -> InboundPayloads.generic(JSON.readTree("{\"fingerprint\":\"f\",\"status\":\"firing\"}"), NOW), "title");
        assertField(() -> InboundPayloads.generic(JSON.readTree("[1,2]"), NOW), "body");
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).fieldErrors()).containsOnlyKeys(field));
    }
}
