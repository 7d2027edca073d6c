package io.steward.server.automation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.support.OwnSeed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task aimed at a whole client with more devices than a page of the device registry (1,000) reaches every device: the
 * planner took the registry's list, which stops at 1,000, so the 1,001st device by host name was silently left out of
 * the signed statement (and out of the draft form's device list).
 */
class TaskOnManyDevicesTest extends TaskTestBase {
    private static final int ROWS = 1_000;

    @Test
    void aWholeClientTaskNamesEveryApprovedDevice() {
        Fleet fleet = fleet(1);
        Instant now = Instant.now();
        List<String> seeded = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            // Host names that sort before the real agent's ("task-host-..."), which so becomes the 1,001st.
            seeded.add(OwnSeed.deviceRow(jdbc, fleet.clientId(), String.format("many-%04d", i), "APPROVED", null, now));
        }
        OwnSeed.deviceRow(jdbc, fleet.clientId(), "many-retired", "RETIRED", null, now);
        Person tech = staff("TECHNICIAN", List.of());
        UUID version = scriptVersion("uptime\n", "[]");

        JsonNode proposal = preview(tech, "{\"clientId\":\"" + fleet.clientId() + "\",\"scriptVersionId\":\"" + version + "\",\"targetKind\":\"CLIENT\"}");
        List<String> targets = new ArrayList<>();
        proposal.get("devices").forEach(d -> targets.add(d.path("deviceId").asString()));
        assertThat(targets).hasSize(ROWS + 1).contains(fleet.deviceIds().get(0)).containsAll(seeded);

        String form = tech.http().page("/tasks/new?clientId=" + fleet.clientId() + "&scriptVersionId=" + version);
        assertThat(form).contains("task-host-0-").contains("many-0999").doesNotContain("many-retired");
        OwnSeed.deleteClients(adminApi(), fleet.clientId());
    }
}
