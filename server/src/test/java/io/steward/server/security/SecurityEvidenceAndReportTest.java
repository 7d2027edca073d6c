package io.steward.server.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.compliance.Facts;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static io.steward.server.security.SecurityChecksTest.json;
import static io.steward.server.security.SecurityChecksTest.result;
import static io.steward.server.security.SecurityChecksTest.round;
import static org.assertj.core.api.Assertions.assertThat;

/** The security checks as compliance evidence (fresh, failing, stale) and as the monthly report's section. */
class SecurityEvidenceAndReportTest extends IntegrationTest {
    @Autowired
    List<EvidenceSource> sources;

    private EvidenceSource security() {
        // The security module's own source (the compliance tests add a source of their own for the same facts).
        return sources.stream().filter(s -> org.springframework.aop.support.AopUtils.getTargetClass(s).getPackageName().startsWith("io.steward.server.security"))
                .filter(s -> s.facts().contains(Facts.SECURITY_PREFIX + "firewall")).findFirst().orElseThrow();
    }

    private List<Evidence> evidence(String client, Instant now) {
        ClientId id = new ClientId(UUID.fromString(client));
        return TenantContext.callAs(TenantScope.of(id), () -> security().evidence(id, now));
    }

    private static Evidence fact(List<Evidence> all, String check) {
        return all.stream().filter(e -> e.fact().equals(Facts.SECURITY_PREFIX + check)).findFirst().orElse(null);
    }

    @Test
    void eachCheckIsAFactThatPassesWhenEveryDevicePassesAndGoesStaleWithoutRounds() {
        Http api = adminApi();
        String client = OwnData.client(api, "Security evidence");
        TestAgent a = OwnData.approvedDevice(api, port, client, "sec-ev-a-" + UUID.randomUUID().toString().substring(0, 6));
        TestAgent b = OwnData.approvedDevice(api, port, client, "sec-ev-b-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(api.json("PUT", "/api/v1/security/clients/" + client + "/plan", "{\"everyMinutes\":60}", Map.of("If-Match", "\"0\"")).statusCode())
                .isEqualTo(200);
        Instant older = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MILLIS);
        Instant newer = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        assertThat(round(a, older, result("firewall", "pass", "on", null), result("disk-encryption", "unknown", "?", null),
                result("antivirus", "pass", "ok", null)).statusCode()).isEqualTo(200);
        assertThat(round(b, newer, result("firewall", "pass", "on", null), result("antivirus", "fail", "stale signatures", null)).statusCode())
                .isEqualTo(200);

        Instant now = Instant.now();
        List<Evidence> all = evidence(client, now);
        Evidence firewall = fact(all, "firewall");
        assertThat(firewall.passed()).isTrue();
        assertThat(firewall.observedAt()).as("the oldest of the devices' latest evaluations").isEqualTo(older);
        assertThat(firewall.expiresAt()).as("three plan periods later").isEqualTo(older.plus(Duration.ofHours(3)));
        assertThat(firewall.freshAt(now)).isTrue();
        assertThat(firewall.freshAt(older.plus(Duration.ofHours(3)))).as("agents that stop reporting make it stale").isFalse();
        assertThat(firewall.summary()).contains("2 of 2");
        assertThat(fact(all, "antivirus").passed()).as("one device fails").isFalse();
        assertThat(fact(all, "disk-encryption")).as("only unknown: not evaluated, never passed").isNull();
        assertThat(fact(all, "reboot-pending")).as("no device reports it").isNull();
        assertThat(evidence(client, older.minusSeconds(60))).as("nothing observed after now").isEmpty();
        OwnSeed.deleteClients(api, client);
    }

    @Test
    void theMonthlyReportHasASecuritySection() {
        Http api = adminApi();
        String client = OwnData.client(api, "Security report");
        TestAgent agent = OwnData.approvedDevice(api, port, client, "sec-rep-" + UUID.randomUUID().toString().substring(0, 6));
        Instant passed = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        assertThat(round(agent, passed, result("firewall", "pass", "on", null), result("listening-ports", "pass", "22/tcp", null)).statusCode())
                .isEqualTo(200);
        assertThat(round(agent, passed.plus(Duration.ofMinutes(10)), result("firewall", "fail", "off", null),
                result("listening-ports", "fail", "not allowed: 3306/tcp", null)).statusCode()).isEqualTo(200);
        assertThat(round(agent, Instant.now().truncatedTo(ChronoUnit.MILLIS), result("firewall", "pass", "on again", null)).statusCode()).isEqualTo(200);

        JsonNode episodes = json(api.getJson("/api/v1/security/devices/" + agent.deviceId)).path("episodes");
        Instant detected = Instant.parse(episodes.get(0).path("detectedAt").asString());
        String month = YearMonth.from(detected.atZone(ZoneId.of("Europe/Berlin"))).toString();
        HttpResponse<String> report = api.getJson("/api/v1/clients/" + client + "/reports/" + month);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        JsonNode security = json(report).path("security");
        assertThat(security.path("devicesReporting").asInt()).isEqualTo(1);
        assertThat(security.path("detected").asInt()).isEqualTo(2);
        assertThat(security.path("fixed").asInt()).isEqualTo(1);
        assertThat(security.path("stillOpen").asInt()).isEqualTo(1);
        assertThat(security.path("failingAtEnd").valueStream().map(e -> e.path("check").asString()).toList()).containsExactly("listening-ports");
        assertThat(security.path("episodes")).hasSize(2);
        assertThat(security.path("mttdMedianMinutes").asLong()).isEqualTo(Duration.between(passed, detected).toMinutes());
        assertThat(admin().page("/clients/" + client + "/reports/" + month)).contains("12. Security checks", "listening-ports");
        HttpResponse<byte[]> pdf = api.sendBytes(api.builder("/api/v1/clients/" + client + "/reports/" + month).header("Accept", "application/pdf").GET());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("12. Security checks", "listening-ports");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        OwnSeed.deleteClients(api, client);
    }
}
