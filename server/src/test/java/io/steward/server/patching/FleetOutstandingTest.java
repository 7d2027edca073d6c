package io.steward.server.patching;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.steward.server.patching.internal.OutstandingSnapshot;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.OwnSeed;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static io.steward.server.patching.PatchIntakeTest.json;
import static io.steward.server.patching.PatchIntakeTest.scan;
import static io.steward.server.patching.PatchIntakeTest.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole fleet's outstanding updates come from the groups kept per client (V141): computed on the first fleet-wide
 * read, recomputed by the refresh after scans and on policy changes, the same groups as a client's live list, and
 * scoped like every patch view.
 */
class FleetOutstandingTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OutstandingSnapshot snapshot;

    @Test
    void theFleetListIsKeptPerClientAndFollowsScansAndPolicies() {
        Http api = adminApi();
        String client = OwnData.client(api, "Fleet outstanding");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String pkg = "fleetlib-" + tag;
        TestAgent one = OwnData.approvedDevice(api, port, client, "fleet-a-" + tag);
        TestAgent two = OwnData.approvedDevice(api, port, client, "fleet-b-" + tag);
        assertThat(scan(one, false, update(pkg, "1.0", "1.1", "yes", "CVE-2026-5551"), update("other-" + tag, "1", "2", "no")).statusCode()).isEqualTo(200);
        assertThat(scan(two, false, update(pkg, "1.0", "1.1", "unknown", "CVE-2026-5552")).statusCode()).isEqualTo(200);

        // The first fleet-wide read computes the client's groups.
        JsonNode fleet = json(api.getJson("/api/v1/patches/updates?name=" + pkg));
        assertThat(java.time.Instant.parse(fleet.path("asOf").asString())).as("the fleet's list says how old it is")
                .isBefore(java.time.Instant.now().plusSeconds(1));
        JsonNode group = fleet.path("page").path("items").get(0);
        assertThat(fleet.path("page").path("total").asLong()).isEqualTo(1);
        assertThat(group.path("devices").asInt()).isEqualTo(2);
        assertThat(group.path("security").asString()).as("the strongest classification of the group").isEqualTo("yes");
        assertThat(group.path("cves").valueStream().map(JsonNode::asString).toList()).containsExactly("CVE-2026-5551", "CVE-2026-5552");
        assertThat(group.path("overdue").asBoolean()).isFalse();
        JsonNode live = json(api.getJson("/api/v1/patches/updates?clientId=" + client + "&name=" + pkg)).path("page").path("items").get(0);
        for (String field : new String[]{"devices", "security", "severity", "cves", "overdue", "firstSeenAt", "approval"}) {
            assertThat(live.path(field)).as("the client's live list agrees on " + field).isEqualTo(group.path(field));
        }

        // Past a shorter deadline: the policy change marks the groups out of date, the next read recomputes them.
        PatchIntakeTest.age(jdbc, one.deviceId, pkg, Duration.ofDays(10));
        HttpResponse<String> put = api.json("PUT", "/api/v1/patches/clients/" + client + "/policy", "{\"securityDeadlineDays\":7}",
                Map.of("If-Match", "\"0\""));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        group = json(api.getJson("/api/v1/patches/updates?name=" + pkg + "&security=true")).path("page").path("items").get(0);
        assertThat(group.path("overdue").asBoolean()).isTrue();
        assertThat(group.path("ageDays").asLong()).isEqualTo(10);
        assertThat(json(api.getJson("/api/v1/patches/updates?clientId=" + client + "&name=" + pkg)).path("page").path("items").get(0)
                .path("overdue").asBoolean()).isTrue();

        // One device installed it: the kept group follows once the refresh has run after the scan.
        assertThat(scan(one, false).statusCode()).isEqualTo(200);
        assertThat(snapshot.refreshStale()).as("at least this client was out of date").isGreaterThanOrEqualTo(1);
        group = json(api.getJson("/api/v1/patches/updates?name=" + pkg)).path("page").path("items").get(0);
        assertThat(group.path("devices").asInt()).isEqualTo(1);
        assertThat(group.path("security").asString()).isEqualTo("unknown");
        assertThat(group.path("cves").valueStream().map(JsonNode::asString).toList()).containsExactly("CVE-2026-5552");
        assertThat(group.path("overdue").asBoolean()).as("only security updates become overdue").isFalse();
        assertThat(scan(two, false).statusCode()).isEqualTo(200);
        snapshot.refreshStale();
        assertThat(json(api.getJson("/api/v1/patches/updates?name=" + pkg)).path("page").path("total").asLong()).isZero();
        assertThat(admin().page("/patches")).contains("outstanding-as-of");
        OwnSeed.deleteClients(api, client);
    }

    /** A viewer none of whose clients has a scan gets an empty fleet list without a time, on the API and the page. */
    @Test
    void nothingScannedInScopeIsAnEmptyListNotAnError() {
        Http api = adminApi();
        String quiet = OwnData.client(api, "Fleet list unscanned");
        OwnSeed.Technician t = OwnSeed.technician(api, quiet);
        Http tech = firstSignIn(t.email(), t.oneTimePassword());
        HttpResponse<String> r = tech.getJson("/api/v1/patches/updates");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("page").path("total").asLong()).isZero();
        assertThat(json(r).path("asOf").isMissingNode() || json(r).path("asOf").isNull()).isTrue();
        assertThat(tech.page("/patches")).contains("No outstanding updates.").doesNotContain("outstanding-as-of");
        OwnSeed.disableUser(api, t.id());
        OwnSeed.deleteClients(api, quiet);
    }

    @Test
    void aScopedTechnicianSeesOnlyTheirClientsInTheFleetList() {
        Http api = adminApi();
        String mine = OwnData.client(api, "Fleet list mine");
        String theirs = OwnData.client(api, "Fleet list theirs");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String pkg = "scoped-" + tag;
        assertThat(scan(OwnData.approvedDevice(api, port, mine, "fleet-m-" + tag), false, update(pkg, "1", "2", "yes")).statusCode()).isEqualTo(200);
        assertThat(scan(OwnData.approvedDevice(api, port, theirs, "fleet-t-" + tag), false, update(pkg, "1", "2", "yes")).statusCode()).isEqualTo(200);
        OwnSeed.Technician t = OwnSeed.technician(api, mine);
        Http tech = firstSignIn(t.email(), t.oneTimePassword());

        assertThat(json(tech.getJson("/api/v1/patches/updates?name=" + pkg)).path("page").path("items").valueStream()
                .map(g -> g.path("clientId").asString()).toList()).containsExactly(mine);
        assertThat(json(api.getJson("/api/v1/patches/updates?name=" + pkg)).path("page").path("items").valueStream()
                .map(g -> g.path("clientId").asString()).toList()).containsExactlyInAnyOrder(mine, theirs);
        // A row written straight into the kept table for a client the technician cannot see stays invisible to them.
        String planted = "planted-" + tag;
        TenantContext.runAsSystem(() -> jdbc.sql("INSERT INTO patch_outstanding (client_id, name, candidate_version, security, severity, devices, "
                + "first_seen_at, cves) VALUES (?, ?, '9', 'yes', '', 1, now(), '{}')").params(UUID.fromString(theirs), planted).update());
        assertThat(json(tech.getJson("/api/v1/patches/updates?name=" + planted)).path("page").path("total").asLong()).isZero();
        assertThat(json(api.getJson("/api/v1/patches/updates?name=" + planted)).path("page").path("total").asLong()).isEqualTo(1);
        OwnSeed.disableUser(api, t.id());
        OwnSeed.deleteClients(api, mine, theirs);
    }
}
