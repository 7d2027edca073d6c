package io.steward.agent.transport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.steward.protocol.Messages;
import io.steward.protocol.backup.BackupMessages;
import io.steward.protocol.patch.PatchMessages;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent's JSON (Gson) against Jackson, which is what the server reads and writes with:
 * whatever the agent writes, Jackson reads back into an equal record, and whatever Jackson
 * writes, the agent reads back into an equal record.
 */
class AgentJsonTest {
    private static final JsonMapper JACKSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Property(tries = 300)
    void jacksonReadsWhatTheAgentWrites(@ForAll("batches") Messages.MetricBatch batch) {
        byte[] json = AgentJson.write(batch);
        assertThat(JACKSON.readValue(json, Messages.MetricBatch.class)).isEqualTo(batch);
        assertThat(AgentJson.read(json, Messages.MetricBatch.class)).isEqualTo(batch);
    }

    @Property(tries = 300)
    void theAgentReadsWhatJacksonWrites(@ForAll("batches") Messages.MetricBatch batch) {
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(batch), Messages.MetricBatch.class)).isEqualTo(batch);
    }

    @Property(tries = 100)
    void inventoryBothWays(@ForAll("inventories") Messages.Inventory inventory) {
        assertThat(JACKSON.readValue(AgentJson.write(inventory), Messages.Inventory.class)).isEqualTo(inventory);
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(inventory), Messages.Inventory.class)).isEqualTo(inventory);
    }

    @Example
    void serverAnswersAreReadWithUnknownFieldsIgnoredAndMissingOnesDefaulted() {
        var hb = AgentJson.read("""
                {"status":"APPROVED","heartbeatSeconds":30,"serverTime":1700000000123,"future":{"nested":[1,2.5,"x",null,true]}}
                """.getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class);
        assertThat(hb).isEqualTo(new Messages.HeartbeatResponse("APPROVED", 30, 1700000000123L));

        var partial = AgentJson.read("{\"status\":\"PENDING\"}".getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class);
        assertThat(partial).isEqualTo(new Messages.HeartbeatResponse("PENDING", 0, 0));
        var nulls = AgentJson.read("{\"status\":null,\"heartbeatSeconds\":null,\"serverTime\":null}".getBytes(StandardCharsets.UTF_8),
                Messages.HeartbeatResponse.class);
        assertThat(nulls).isEqualTo(new Messages.HeartbeatResponse(null, 0, 0));

        var batch = AgentJson.read("{\"seq\":7,\"accepted\":2,\"rejected\":{\"3\":\"NaN\"}}".getBytes(StandardCharsets.UTF_8),
                Messages.BatchResponse.class);
        assertThat(batch).isEqualTo(new Messages.BatchResponse(7, 2, Map.of(3, "NaN")));
    }

    @Example
    void nonFiniteValuesAreWrittenAsStringsSoOnlyThatSampleCanBeRefused() {
        var batch = new Messages.MetricBatch(1, List.of(new Messages.Sample("m", "", Double.NaN, "custom", 5),
                new Messages.Sample("m", "", Double.NEGATIVE_INFINITY, "custom", 5)));
        String json = new String(AgentJson.write(batch), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"seq\":1,\"samples\":[{\"metric\":\"m\",\"instance\":\"\",\"value\":\"NaN\",\"unit\":\"custom\",\"at\":5},"
                + "{\"metric\":\"m\",\"instance\":\"\",\"value\":\"-Infinity\",\"unit\":\"custom\",\"at\":5}]}");
        assertThat(AgentJson.read(json.getBytes(StandardCharsets.UTF_8), Messages.MetricBatch.class)).isEqualTo(batch);
    }

    @Example
    void nullsAreWrittenAndTextIsNotHtmlEscaped() {
        var software = new Messages.Software("<a & b='c'>", null, "\u2028");
        String json = new String(AgentJson.write(software), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"name\":\"<a & b='c'>\",\"version\":null,\"vendor\":\"\\u2028\"}");
        assertThat(JACKSON.readValue(json, Messages.Software.class)).isEqualTo(software);
    }

    @Example
    void onlyTheThreeNonFiniteNamesAreReadFromStringsAndBareNonFiniteTokensAreRefused() {
        assertThat(AgentJson.read("{\"metric\":\"m\",\"value\":\"Infinity\"}".getBytes(StandardCharsets.UTF_8), Messages.Sample.class).value())
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(AgentJson.read("{\"metric\":\"m\",\"value\":null}".getBytes(StandardCharsets.UTF_8), Messages.Sample.class).value())
                .isZero();
        assertThatThrownBy(() -> AgentJson.read("{\"value\":\"97.5\"}".getBytes(StandardCharsets.UTF_8), Messages.Sample.class))
                .isInstanceOf(AgentJson.JsonException.class).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> AgentJson.read("{\"value\":NaN}".getBytes(StandardCharsets.UTF_8), Messages.Sample.class))
                .isInstanceOf(AgentJson.JsonException.class);
        assertThatThrownBy(() -> AgentJson.read("{\"value\":true}".getBytes(StandardCharsets.UTF_8), Messages.Sample.class))
                .isInstanceOf(AgentJson.JsonException.class).hasMessageContaining("expected a number");
    }

    @Example
    void malformedOrMisfittingJsonIsRefusedWithAReason() {
        assertThatThrownBy(() -> AgentJson.read("{\"status\":\"A\"".getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class))
                .isInstanceOf(AgentJson.JsonException.class).hasMessageContaining("line 1 column");
        assertThatThrownBy(() -> AgentJson.read("{\"status\":[1]}".getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class))
                .isInstanceOf(AgentJson.JsonException.class).hasMessageContaining("$.status");
        assertThatThrownBy(() -> AgentJson.read("{\"heartbeatSeconds\":99999999999}".getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class))
                .isInstanceOf(AgentJson.JsonException.class).hasMessageContaining("Expected an int");
        assertThatThrownBy(() -> AgentJson.read("{status:'A'}".getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class))
                .isInstanceOf(AgentJson.JsonException.class);
        assertThatThrownBy(() -> AgentJson.read("{} x".getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class))
                .isInstanceOf(AgentJson.JsonException.class);
        assertThatThrownBy(() -> AgentJson.read("{}{}".getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class))
                .isInstanceOf(AgentJson.JsonException.class);
        assertThatThrownBy(() -> AgentJson.read(new byte[0], Messages.HeartbeatResponse.class))
                .isInstanceOf(AgentJson.JsonException.class);
        assertThatThrownBy(() -> AgentJson.read("  ".getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class))
                .isInstanceOf(AgentJson.JsonException.class);
        String deep = "{\"future\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThatThrownBy(() -> AgentJson.read(deep.getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class))
                .isInstanceOf(AgentJson.JsonException.class).hasMessageContaining("Nesting limit " + AgentJson.MAX_DEPTH);
    }

    @Example
    void serverSettingsAndRefusalsAreReadWhole() {
        var monitoring = new Messages.MonitoringConfig(60, 30, List.of("10.0.0.1", "example.org"),
                List.of(new Messages.HttpCheck("https://example.org/health", 200)), List.of("nginx.service"));
        var hb = new Messages.HeartbeatResponse("APPROVED", 30, 1700000000123L, monitoring);
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(hb), Messages.HeartbeatResponse.class)).isEqualTo(hb);
        assertThat(JACKSON.readValue(AgentJson.write(hb), Messages.HeartbeatResponse.class)).isEqualTo(hb);
        var enrolled = new Messages.EnrollResponse("2f1c0a4e-0000-4000-8000-000000000001", "PENDING", 30, 1700000000123L);
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(enrolled), Messages.EnrollResponse.class)).isEqualTo(enrolled);
        var refused = new Messages.BatchResponse(9, 1, Map.of(0, "unknown unit \"parsecs\"", 2, "NaN"));
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(refused), Messages.BatchResponse.class)).isEqualTo(refused);
        assertThatThrownBy(() -> AgentJson.read("{\"rejected\":{\"x\":\"why\"}}".getBytes(StandardCharsets.UTF_8),
                Messages.BatchResponse.class)).isInstanceOf(AgentJson.JsonException.class);
    }

    @Example
    void backupReportsBothWays() {
        var report = new BackupMessages.Report(7, 1700000000123L, List.of(
                new BackupMessages.Job("nightly", BackupMessages.TOOL_RESTIC, "/srv/restic", 1700000000000L, BackupMessages.RESULT_SUCCESS, null,
                        1700000000000L, 1699999000000L, 12, 123456789012L, 24),
                new BackupMessages.Job("gone", BackupMessages.TOOL_BORG, "ssh://host/./repo", null, BackupMessages.RESULT_MISSING,
                        "Repository /x does not exist.", null, null, 0, 0, 0)));
        assertThat(JACKSON.readValue(AgentJson.write(report), BackupMessages.Report.class)).isEqualTo(report);
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(report), BackupMessages.Report.class)).isEqualTo(report);
        var answer = new BackupMessages.ReportResponse(7, true, null);
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(answer), BackupMessages.ReportResponse.class)).isEqualTo(answer);
    }

    @Example
    void patchScansAndScanPlansBothWays() {
        var scan = new PatchMessages.Scan(42, 1700000000123L, "apt", true, List.of("linux-image-amd64"), null,
                List.of(new PatchMessages.Update("libssl3", "amd64", "3.0.13-1~deb12u1", "3.0.14-1~deb12u2", "Debian-Security:12/stable-security",
                                PatchMessages.SECURITY_YES, "", List.of(), false),
                        new PatchMessages.Update("openssl", "x86_64", "1:3.0.7-25.el9_3", "1:3.0.7-27.el9_4", "baseos", PatchMessages.SECURITY_YES,
                                "moderate", List.of("CVE-2024-2511", "CVE-2024-4603"), true)),
                new PatchMessages.Cost(812, 640, 61234), null);
        assertThat(JACKSON.readValue(AgentJson.write(scan), PatchMessages.Scan.class)).isEqualTo(scan);
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(scan), PatchMessages.Scan.class)).isEqualTo(scan);
        var failed = new PatchMessages.Scan(43, 1700000000456L, "dnf", false, List.of(), 1699990000000L, List.of(), new PatchMessages.Cost(5, 0, 0),
                "dnf check-update failed: Cache-only enabled but no cache for 'baseos'");
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(failed), PatchMessages.Scan.class)).isEqualTo(failed);
        var hb = new Messages.HeartbeatResponse("APPROVED", 30, 1700000000123L, null, new PatchMessages.ScanPlan(6, 1700000000000L, true, 90));
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(hb), Messages.HeartbeatResponse.class)).isEqualTo(hb);
        assertThat(JACKSON.readValue(AgentJson.write(hb), Messages.HeartbeatResponse.class)).isEqualTo(hb);
        // An older server's answer has no plans: they read as null (the agent then scans daily without refreshing, and
        // checks by the default security plan).
        Messages.HeartbeatResponse older = AgentJson.read("{\"status\":\"APPROVED\",\"heartbeatSeconds\":30,\"serverTime\":1}"
                .getBytes(StandardCharsets.UTF_8), Messages.HeartbeatResponse.class);
        assertThat(older.patches()).isNull();
        assertThat(older.security()).isNull();
        var withSecurity = new Messages.HeartbeatResponse("APPROVED", 30, 1700000000123L, null, new PatchMessages.ScanPlan(6, 0, false, 0),
                new io.steward.protocol.security.SecurityCheckMessages.Plan(30, 60, 5, List.of("22/tcp", "8000-8099/tcp"), List.of("alice"), 24, 14));
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(withSecurity), Messages.HeartbeatResponse.class)).isEqualTo(withSecurity);
        assertThat(JACKSON.readValue(AgentJson.write(withSecurity), Messages.HeartbeatResponse.class)).isEqualTo(withSecurity);
        var answer = new PatchMessages.ScanResponse(42, false, "unknown device");
        assertThat(AgentJson.read(JACKSON.writeValueAsBytes(answer), PatchMessages.ScanResponse.class)).isEqualTo(answer);
    }

    @Example
    void whatIsNotAProtocolMessageIsRefusedBothWays() {
        assertThatThrownBy(() -> AgentJson.write(new StringBuilder("x"))).isInstanceOf(AgentJson.JsonException.class);
        assertThatThrownBy(() -> AgentJson.read("{}".getBytes(StandardCharsets.UTF_8), Object.class))
                .isInstanceOf(AgentJson.JsonException.class);
    }

    @Provide
    Arbitrary<Messages.MetricBatch> batches() {
        Arbitrary<Messages.Sample> sample = Combinators.combine(text(), text(), values(), text(), Arbitraries.longs())
                .as(Messages.Sample::new);
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), sample.list().ofMaxSize(20)).as(Messages.MetricBatch::new);
    }

    @Provide
    Arbitrary<Messages.Inventory> inventories() {
        Arbitrary<Messages.Disk> disk = Combinators.combine(text(), text(), Arbitraries.longs()).as(Messages.Disk::new);
        Arbitrary<Messages.Nic> nic = Combinators.combine(text(), text(), text().list().ofMaxSize(3)).as(Messages.Nic::new);
        Arbitrary<Messages.Software> software = Combinators.combine(text(), text(), text()).as(Messages.Software::new);
        Arbitrary<String> maybeNull = text().injectNull(0.2);
        Arbitrary<Object[]> machine = Combinators.combine(Arbitraries.longs().greaterOrEqual(0), maybeNull, maybeNull, maybeNull, text(),
                        Arbitraries.integers().between(1, 512), Arbitraries.longs().greaterOrEqual(0), text())
                .as((seq, manufacturer, model, serial, cpu, cores, memory, osName) -> new Object[] {seq, manufacturer, model, serial, cpu, cores, memory, osName});
        return Combinators.combine(machine, text(), text(), text(), disk.list().ofMaxSize(3), nic.list().ofMaxSize(3),
                        software.list().ofMaxSize(5), text().list().ofMaxSize(3))
                .as((m, osVersion, osBuild, kernel, disks, nics, packages, users) -> new Messages.Inventory((Long) m[0], (String) m[1],
                        (String) m[2], (String) m[3], (String) m[4], (Integer) m[5], (Long) m[6], (String) m[7], osVersion, osBuild, kernel,
                        disks, nics, packages, users));
    }

    /** Any text, with quotes, backslashes, control characters and non-ASCII (surrogate pairs included). */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withChars("\"\\/\n\r\t\b\f\u0000\u001f\u007fäé€").ofMaxLength(8),
                Arbitraries.of("", "/", "C:\\", "eth0", "😀 emoji", "fs.used_pct"));
    }

    private static Arbitrary<Double> values() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.doubles().between(-1e12, 1e12),
                Arbitraries.of(0.0, -0.0, 1e-300, Double.MAX_VALUE, Double.MIN_VALUE, 97.5));
    }
}
