package io.steward.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.StreamSupport;

import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's automation in the shared demo context: its script library, and the standard change for the read-only disk
 * report that the demo's admin and service manager made at start-up with software keys, held by the signer itself; the
 * pages say it was made with software keys. (The real agent that runs it needs live demo devices: {@link DemoHistoryTest}.)
 */
class DemoAutomationTest extends IntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theDemoHasASmallScriptLibrary() {
        JsonNode scripts = JSON.readTree(adminApi().getJson("/api/v1/scripts").body());
        List<String> names = StreamSupport.stream(scripts.spliterator(), false).map(s -> s.get("name").asString()).toList();
        assertThat(names).contains("Disk usage report", "Top processes", "Show failed systemd units", "Windows disk space");
        JsonNode top = StreamSupport.stream(scripts.spliterator(), false).filter(s -> s.get("name").asString().equals("Top processes"))
                .findFirst().orElseThrow();
        assertThat(top.toString()).contains("\"type\":\"CHOICE\"", "\"choices\":[\"cpu\",\"mem\"]", "\"type\":\"INTEGER\"");
        JsonNode windows = StreamSupport.stream(scripts.spliterator(), false).filter(s -> s.get("name").asString().equals("Windows disk space"))
                .findFirst().orElseThrow();
        assertThat(windows.get("interpreter").asString()).isEqualTo("powershell");
    }

    @Test
    void theDemoApproversMadeAStandardChangeTheSignerHolds() {
        JsonNode changes = JSON.readTree(adminApi().getJson("/api/v1/standard-changes").body());
        JsonNode disk = StreamSupport.stream(changes.spliterator(), false)
                .filter(c -> c.get("scriptName").asString().equals("Disk usage report") && c.get("requestedByName").asString().equals("Morgan Admin"))
                .findFirst().orElseThrow(() -> new AssertionError("no demo standard change in " + changes));
        assertThat(disk.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(disk.get("heldBySigner").asBoolean()).isTrue();
        assertThat(disk.get("approvedByName").asString()).isEqualTo("Riley Manager");
        assertThat(disk.get("scopeClientId") == null || disk.get("scopeClientId").isNull()).as("all clients").isTrue();

        // The signer trusts the two demo approvers' software keys.
        String signer = admin().page("/automation/signer");
        assertThat(signer).contains("Morgan Admin", "Riley Manager", "id=\"demo-software-keys\"", "software keys");
        assertThat(admin().page("/automation/standard-changes")).contains("id=\"demo-software-keys\"");
        assertThat(admin().page("/automation/standard-changes/" + disk.get("id").asString())).contains("id=\"demo-software-keys\"",
                "requested and approved at start-up");
    }
}
