package io.steward.server.reporting;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.steward.server.reporting.internal.CapacitySummarySchedule;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monthly report of a client seeded with known tickets, changes, devices, outages, maintenance windows and
 * rollups for March 2026 in Europe/Berlin (a month of 743 hours: summer time starts on the 29th), checked figure by
 * figure through the real API. Some data is changed after the month (a priority, a change's stage) to show the
 * report reads the month as it stood at its end.
 */
class MonthlyReportTest extends IntegrationTest {
    private static final String PREMIUM = "00000000-0000-4000-8000-0000000071e3";
    private static final String CALENDAR_24X7 = "00000000-0000-4000-8000-00000000ca02";
    private static final String OFFLINE_POLICY = "00000000-0000-4000-8000-0000000a1e00";

    static String clientId;
    static String emptyClientId;
    static Map<String, String> tickets;
    static UUID d1;
    static UUID d2;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CapacitySummarySchedule.CapacityFolder folder;

    @BeforeEach
    void seedOnce() {
        synchronized (MonthlyReportTest.class) {
            if (clientId == null) {
                seed();
            }
        }
    }

    private void seed() {
        Http api = adminApi();
        String name = "Report Co " + UUID.randomUUID();
        clientId = jsonString(api.json("POST", "/api/v1/clients", "{\"name\":\"" + name + "\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\"}").body(), "id");
        emptyClientId = jsonString(api.json("POST", "/api/v1/clients",
                "{\"name\":\"Empty Co " + UUID.randomUUID() + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}").body(), "id");
        UUID client = UUID.fromString(clientId);
        TenantContext.runAsSystem(() -> {
            jdbc.sql("UPDATE client SET created_at = '2025-01-01T00:00:00Z' WHERE id IN (?, ?)").params(client, UUID.fromString(emptyClientId)).update();
        });
        HttpResponse<String> contract = api.json("POST", "/api/v1/clients/" + clientId + "/contracts", """
                {"reference":"RPT-1","deliveryModel":"FULLY_MANAGED","tierId":"%s","calendarId":"%s","startsOn":"2025-01-01",
                 "uptimeTarget":99.5,"pricingModel":"FLAT_FEE","priceAmount":1000,"currency":"EUR"}""".formatted(PREMIUM, CALENDAR_24X7));
        assertThat(contract.statusCode()).as(contract.body()).isEqualTo(201);
        String body = """
                {"tickets":[
                 {"externalRef":"T1","clientId":"%1$s","type":"INCIDENT","title":"Server down","impact":"HIGH","urgency":"HIGH","priority":"P1",
                  "source":"PHONE","openedAt":"2026-03-02T09:00:00Z","events":[
                   {"at":"2026-03-02T09:10:00Z","kind":"PUBLIC_REPLY","body":"On it"},
                   {"at":"2026-03-02T11:00:00Z","kind":"STATUS","status":"RESOLVED"}]},
                 {"externalRef":"T2","clientId":"%1$s","type":"INCIDENT","title":"Disk alarm","impact":"HIGH","urgency":"HIGH","priority":"P1",
                  "source":"ALERT","openedAt":"2026-03-03T10:00:00Z","events":[
                   {"at":"2026-03-03T10:30:00Z","kind":"PUBLIC_REPLY","body":"Looking"},
                   {"at":"2026-03-03T16:00:00Z","kind":"STATUS","status":"RESOLVED"}]},
                 {"externalRef":"T3","clientId":"%1$s","type":"SERVICE_REQUEST","title":"Printer","impact":"LOW","urgency":"LOW","priority":"P3",
                  "source":"EMAIL","openedAt":"2026-02-28T23:30:00Z","events":[
                   {"at":"2026-03-01T00:30:00Z","kind":"PUBLIC_REPLY","body":"Queued"},
                   {"at":"2026-03-01T10:00:00Z","kind":"STATUS","status":"RESOLVED"},
                   {"at":"2026-03-02T09:00:00Z","kind":"STATUS","status":"IN_PROGRESS"},
                   {"at":"2026-03-02T10:00:00Z","kind":"STATUS","status":"RESOLVED"}]},
                 {"externalRef":"T4","clientId":"%1$s","type":"INCIDENT","title":"April in Berlin","impact":"MEDIUM","urgency":"MEDIUM","priority":"P2",
                  "source":"PORTAL","openedAt":"2026-03-31T22:30:00Z"},
                 {"externalRef":"T5","clientId":"%1$s","type":"INCIDENT","title":"Forgotten","impact":"LOW","urgency":"LOW","priority":"P4",
                  "source":"PORTAL","openedAt":"2026-03-20T08:00:00Z"},
                 {"externalRef":"T6","clientId":"%1$s","type":"INCIDENT","title":"January","impact":"MEDIUM","urgency":"MEDIUM","priority":"P2",
                  "source":"PHONE","openedAt":"2026-01-15T08:00:00Z"},
                 {"externalRef":"C1","clientId":"%1$s","type":"CHANGE","title":"Firewall","impact":"LOW","urgency":"LOW","priority":"P4",
                  "openedAt":"2026-03-05T10:00:00Z","events":[{"at":"2026-03-05T10:10:00Z","kind":"PUBLIC_REPLY","body":"Planned"},
                   {"at":"2026-03-05T11:00:00Z","kind":"STATUS","status":"RESOLVED"}]},
                 {"externalRef":"C2","clientId":"%1$s","type":"CHANGE","title":"Rejected","impact":"LOW","urgency":"LOW","priority":"P4",
                  "openedAt":"2026-03-05T10:00:00Z","events":[{"at":"2026-03-05T10:10:00Z","kind":"PUBLIC_REPLY","body":"Planned"},
                   {"at":"2026-03-05T11:00:00Z","kind":"STATUS","status":"RESOLVED"}]},
                 {"externalRef":"C3","clientId":"%1$s","type":"CHANGE","title":"Late","impact":"LOW","urgency":"LOW","priority":"P4",
                  "openedAt":"2026-03-05T10:00:00Z","events":[{"at":"2026-03-05T10:10:00Z","kind":"PUBLIC_REPLY","body":"Planned"},
                   {"at":"2026-03-05T11:00:00Z","kind":"STATUS","status":"RESOLVED"}]}]}""".formatted(clientId);
        HttpResponse<String> imported = api.json("POST", "/api/v1/tickets/import", body);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        List<String> refs = JsonPath.read(imported.body(), "$[*].externalRef");
        List<String> ids = JsonPath.read(imported.body(), "$[*].id");
        tickets = new java.util.HashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            tickets.put(refs.get(i), ids.get(i));
        }
        d1 = UUID.randomUUID();
        d2 = UUID.randomUUID();
        TenantContext.runAsSystem(() -> {
            UUID site = UUID.randomUUID();
            jdbc.sql("INSERT INTO site (id, client_id, name, created_at, updated_at) VALUES (?, ?, 'Head office', now(), now())").params(site, client).update();
            // T3's category was set without history; T1's priority changed to P2 after the month (the report keeps P1).
            jdbc.sql("UPDATE ticket SET category = 'Printing', site_id = ? WHERE id = ?").params(site, UUID.fromString(tickets.get("T3"))).update();
            jdbc.sql("UPDATE ticket SET priority = 2 WHERE id = ?").param(UUID.fromString(tickets.get("T1"))).update();
            event(tickets.get("T1"), "2026-04-10T08:00:00Z", "FIELD_CHANGED", "priority", "P1", "P2");
            change(tickets.get("C1"), "HIGH", "IMPLEMENTED");
            change(tickets.get("C2"), "LOW", "REJECTED");
            change(tickets.get("C3"), "MEDIUM", "IMPLEMENTED");
            event(tickets.get("C3"), "2026-04-05T08:00:00Z", "STATUS_CHANGED", "stage", "SCHEDULED", "IMPLEMENTED");
            device(d1, site, "srv-01", "CRITICAL", "Windows Server 2022", "2025-06-01T00:00:00Z", "APPROVED");
            device(d2, null, "laptop-02", "NORMAL", "Ubuntu 24.04", "2026-03-16T23:00:00Z", "APPROVED");
            device(UUID.randomUUID(), null, "old-03", "CRITICAL", "Windows 7", "2025-01-01T00:00:00Z", "RETIRED");
            outage(d1, "2026-03-10T10:00:00Z", "2026-03-10T12:00:00Z");
            outage(d1, "2026-03-12T00:00:00Z", "2026-03-12T01:00:00Z");
            outage(d2, "2026-03-20T00:00:00Z", null);
            window(null, "2026-03-05T00:00:00Z", "2026-03-05T04:00:00Z");
            window(d1, "2026-03-12T00:30:00Z", "2026-03-12T02:00:00Z");
            for (int day = 1; day <= 30; day++) {
                rollup(d1, "fs.used_pct", "C:", Instant.parse("2026-03-%02dT00:00:00Z".formatted(day)), 50 + 0.5 * (day - 1));
            }
            rollup(d1, "cpu.utilization", "", Instant.parse("2026-03-10T00:00:00Z"), 95);
            rollup(d1, "cpu.utilization", "", Instant.parse("2026-03-10T01:00:00Z"), 85);
        });
        HttpResponse<String> settings = api.json("PUT", "/api/v1/clients/" + clientId + "/report-settings",
                "{\"downtimeCostPerHour\":600,\"currency\":\"EUR\",\"slaComplianceTargetPct\":95}", Map.of("If-Match", "\"0\""));
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
    }

    private void event(String ticket, String at, String kind, String field, String oldValue, String newValue) {
        jdbc.sql("INSERT INTO ticket_event (ticket_id, client_id, at, actor, staff, kind, field, old_value, new_value) VALUES (?, ?, ?, 'test', true, ?, ?, ?, ?)")
                .params(UUID.fromString(ticket), UUID.fromString(clientId), Timestamp.from(Instant.parse(at)), kind, field, oldValue, newValue).update();
    }

    private void change(String ticket, String risk, String stage) {
        jdbc.sql("INSERT INTO change_request (ticket_id, client_id, stage, risk) VALUES (?, ?, ?, ?)")
                .params(UUID.fromString(ticket), UUID.fromString(clientId), stage, risk).update();
    }

    private void device(UUID id, UUID site, String hostname, String criticality, String os, String approvedAt, String status) {
        jdbc.sql("""
                        INSERT INTO device (id, client_id, site_id, hostname, os, public_key, key_fingerprint, status, criticality, enrolled_at, approved_at)
                        VALUES (?, ?, ?, ?, ?, 'key', ?, ?, ?, ?, ?)""")
                .params(id, UUID.fromString(clientId), site, hostname, os, "fp-" + id, status, criticality, Timestamp.from(Instant.parse(approvedAt)),
                        Timestamp.from(Instant.parse(approvedAt))).update();
    }

    private void outage(UUID device, String from, String to) {
        jdbc.sql("""
                        INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, resolved_at, last_value)
                        VALUES (?, ?, ?, ?, '', ?, ?, ?, 1)""")
                .params(UUID.randomUUID(), device, UUID.fromString(clientId), UUID.fromString(OFFLINE_POLICY), to == null ? "OPEN" : "RESOLVED",
                        Timestamp.from(Instant.parse(from)), to == null ? null : Timestamp.from(Instant.parse(to))).update();
    }

    private void window(UUID device, String from, String to) {
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, client_id, device_id, starts_at, ends_at, reason, created_by, created_at)
                        VALUES (?, ?, ?, ?, ?, 'patching', 'test', '2026-03-01T00:00:00Z')""")
                .params(UUID.randomUUID(), UUID.fromString(clientId), device, Timestamp.from(Instant.parse(from)), Timestamp.from(Instant.parse(to))).update();
    }

    private void rollup(UUID device, String metric, String instance, Instant bucket, double value) {
        jdbc.sql("INSERT INTO metric_hour (device_id, client_id, metric, instance, bucket, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)")
                .params(device, UUID.fromString(clientId), metric, instance, Timestamp.from(bucket), value, value, value).update();
    }

    private String report(Http who, String month) {
        HttpResponse<String> r = who.getJson("/api/v1/clients/" + clientId + "/reports/" + month);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static Object at(String json, String path) {
        return JsonPath.read(json, path);
    }

    @Test
    void summaryAndVolumesOfMarchInBerlin() {
        String r = report(adminApi(), "2026-03");
        assertThat(at(r, "$.header.from")).isEqualTo("2026-02-28T23:00:00Z");
        assertThat(at(r, "$.header.to")).isEqualTo("2026-03-31T22:00:00Z");
        assertThat(at(r, "$.header.partial")).isEqualTo(false);
        assertThat(at(r, "$.header.contract.reference")).isEqualTo("RPT-1");
        // Response: T1, T3, C1-3 met; T2 (30 of 15 min) and T5 (never answered) breached.
        assertThat(at(r, "$.summary.sla[?(@.clock=='RESPONSE' && @.priority=='ALL')].met")).isEqualTo(List.of(5));
        assertThat(at(r, "$.summary.sla[?(@.clock=='RESPONSE' && @.priority=='ALL')].breached")).isEqualTo(List.of(2));
        assertThat(at(r, "$.summary.sla[?(@.clock=='RESPONSE' && @.priority=='ALL')].verdict.actualPct")).isEqualTo(List.of(71.43));
        assertThat(at(r, "$.summary.sla[?(@.clock=='RESPONSE' && @.priority=='ALL')].sentence")).isEqualTo(List.of("missed by 23.57 points"));
        assertThat(at(r, "$.summary.sla[?(@.clock=='RESPONSE' && @.priority=='P1')].targetMinutes")).isEqualTo(List.of(15));
        assertThat(at(r, "$.summary.sla[?(@.clock=='RESPONSE' && @.priority=='P1')].verdict.actualPct")).isEqualTo(List.of(50.0));
        assertThat(at(r, "$.summary.sla[?(@.clock=='RESOLUTION' && @.priority=='P3')].sentence")).isEqualTo(List.of("met by 5.00 points"));
        assertThat(at(r, "$.summary.sla[?(@.clock=='RESPONSE' && @.priority=='P4')].verdict.actualPct")).isEqualTo(List.of(75.0));
        assertThat(at(r, "$.summary.availability.outcome")).isEqualTo("MISSED");
        assertThat(at(r, "$.summary.availability.marginPoints")).isEqualTo(-25.81);

        assertThat(at(r, "$.volumes.months")).isEqualTo(List.of("2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"));
        assertThat(at(r, "$.volumes.total")).isEqualTo(7);
        assertThat(at(r, "$.volumes.byPriority[?(@.key=='P1')].counts")).isEqualTo(List.of(List.of(0, 0, 0, 0, 0, 2)));
        assertThat(at(r, "$.volumes.byPriority[?(@.key=='P2')].counts")).isEqualTo(List.of(List.of(0, 0, 0, 1, 0, 0)));
        assertThat(at(r, "$.volumes.byPriority[?(@.key=='P4')].counts")).isEqualTo(List.of(List.of(0, 0, 0, 0, 0, 4)));
        assertThat(at(r, "$.volumes.byOrigin[?(@.key=='ALERT')].counts")).isEqualTo(List.of(List.of(0, 0, 0, 0, 0, 1)));
        assertThat(at(r, "$.volumes.byOrigin[?(@.key=='PEOPLE')].counts")).isEqualTo(List.of(List.of(0, 0, 0, 1, 0, 6)));
        assertThat(at(r, "$.volumes.byCategory[?(@.key=='Printing')].counts")).isEqualTo(List.of(List.of(0, 0, 0, 0, 0, 1)));
        assertThat(at(r, "$.volumes.bySite[?(@.label=='Head office')].counts")).isEqualTo(List.of(List.of(0, 0, 0, 0, 0, 1)));
        assertThat(at(r, "$.volumes.byType[?(@.key=='CHANGE')].counts")).isEqualTo(List.of(List.of(0, 0, 0, 0, 0, 3)));
        assertThat(at(r, "$.volumes.firstContactResolution.count")).isEqualTo(5);
        assertThat(at(r, "$.volumes.firstContactResolution.of")).isEqualTo(6);
        assertThat(at(r, "$.volumes.firstContactResolution.pct")).isEqualTo(83.33);
        assertThat(at(r, "$.volumes.reopened.pct")).isEqualTo(16.67);
    }

    @Test
    @SuppressWarnings("unchecked")
    void timingBreachesAndChanges() {
        String r = report(adminApi(), "2026-03");
        assertThat(at(r, "$.timing.priorities[?(@.priority=='P1')].mttaWallMinutes")).isEqualTo(List.of(20.0));
        assertThat(at(r, "$.timing.priorities[?(@.priority=='P1')].mttaBusinessMinutes")).isEqualTo(List.of(20.0));
        assertThat(at(r, "$.timing.priorities[?(@.priority=='P1')].mttrWallMinutes")).isEqualTo(List.of(240.0));
        assertThat(at(r, "$.timing.priorities[?(@.priority=='P3')].mttrWallMinutes")).isEqualTo(List.of(2070.0));
        assertThat(at(r, "$.timing.priorities[?(@.priority=='P3')].mttrBusinessMinutes")).isEqualTo(List.of(690.0));
        assertThat(at(r, "$.timing.priorities[?(@.priority=='P4')].mttaWallMinutes")).isEqualTo(List.of(10.0));
        assertThat(at(r, "$.timing.priorities[?(@.priority=='P2')].opened")).isEqualTo(List.of(0));
        assertThat(at(r, "$.timing.longest[*].title")).isEqualTo(List.of("Forgotten", "Printer", "Disk alarm", "Server down", "Firewall"));
        assertThat(at(r, "$.timing.longest[0].minutes")).isEqualTo(16680);

        assertThat(at(r, "$.breaches.tickets[*].title")).isEqualTo(List.of("Disk alarm", "Forgotten"));
        assertThat(at(r, "$.breaches.tickets[0].clock")).isEqualTo("RESPONSE_AND_RESOLUTION");
        assertThat(at(r, "$.breaches.tickets[0].breachedAt")).isEqualTo("2026-03-03T10:15:00Z");
        assertThat((String) at(r, "$.breaches.tickets[0].reason")).contains("Response target of 15 business minutes exceeded: took 30");
        assertThat((String) at(r, "$.breaches.tickets[1].reason")).contains("still open at the month's end");
        assertThat(at(r, "$.breaches.total")).isEqualTo(2);
        assertThat(at(r, "$.breaches.response")).isEqualTo(2);
        assertThat(at(r, "$.breaches.tickets[0].responseBreachedAt")).isEqualTo("2026-03-03T10:15:00Z");
        assertThat(at(r, "$.breaches.tickets[0].resolutionBreachedAt")).isEqualTo("2026-03-03T14:00:00Z");
        assertThat(at(r, "$.breaches.tickets[0].firstResponseAt")).isEqualTo("2026-03-03T10:30:00Z");
        assertThat(at(r, "$.breaches.tickets[0].resolvedAt")).isEqualTo("2026-03-03T16:00:00Z");
        assertThat((Map<String, Object>) at(r, "$.breaches.tickets[1]")).doesNotContainKey("resolvedAt").containsKey("responseBreachedAt");

        assertThat(at(r, "$.changes.total")).isEqualTo(3);
        assertThat(at(r, "$.changes.byRisk[?(@.risk=='ALL')].implemented")).isEqualTo(List.of(1));
        assertThat(at(r, "$.changes.byRisk[?(@.risk=='ALL')].rejected")).isEqualTo(List.of(1));
        // C3 was still scheduled at the end of March; it was implemented in April.
        assertThat(at(r, "$.changes.byRisk[?(@.risk=='MEDIUM')].pending")).isEqualTo(List.of(1));
        // C1 was implemented before outcomes were recorded: it counts as successful.
        assertThat(at(r, "$.changes.byRisk[?(@.risk=='HIGH')].successful")).isEqualTo(List.of(1));
        assertThat(at(r, "$.changes.byRisk[?(@.risk=='ALL')].failed")).isEqualTo(List.of(0));
        assertThat(at(r, "$.changes.emergency")).isEqualTo(0);
        assertThat((List<Object>) at(r, "$.changes.emergencies")).isEmpty();
    }

    @Test
    void availabilityCapacityFleetAndImpact() {
        String r = report(adminApi(), "2026-03");
        assertThat(at(r, "$.availability.devices")).isEqualTo(2);
        assertThat(at(r, "$.availability.uptimeTargetPct")).isEqualTo(99.5);
        assertThat(at(r, "$.availability.overall.monitoredMinutes")).isEqualTo(65790);
        assertThat(at(r, "$.availability.overall.downtimeMinutes")).isEqualTo(17310);
        assertThat(at(r, "$.availability.overall.availabilityPct")).isEqualTo(73.689);
        assertThat(at(r, "$.availability.worst[*].hostname")).isEqualTo(List.of("laptop-02", "srv-01"));
        assertThat(at(r, "$.availability.worst[1].monitoredMinutes")).isEqualTo(44250);
        assertThat(at(r, "$.availability.worst[1].downtimeMinutes")).isEqualTo(150);
        assertThat(at(r, "$.availability.worst[1].availabilityPct")).isEqualTo(99.661);
        assertThat(at(r, "$.availability.worst[0].availabilityPct")).isEqualTo(20.334);
        assertThat(at(r, "$.availability.devicesBelowTarget")).isEqualTo(1);
        assertThat(at(r, "$.availability.sites[?(@.site=='Head office')].downtimeMinutes")).isEqualTo(List.of(150));

        assertThat(at(r, "$.capacity.disks[0].hostname")).isEqualTo("srv-01");
        assertThat(at(r, "$.capacity.disks[0].growthPointsPerDay")).isEqualTo(0.5);
        assertThat(at(r, "$.capacity.disks[0].lastUsedPct")).isEqualTo(64.5);
        assertThat(at(r, "$.capacity.disks[0].fullOn")).isEqualTo("2026-06-09");
        assertThat(at(r, "$.capacity.disks[0].daysMeasured")).isEqualTo(30);
        assertThat(at(r, "$.capacity.disks[0].forecast")).isEqualTo("2026-06-09");
        assertThat(at(r, "$.capacity.cpu[0].meanPct")).isEqualTo(90.0);
        assertThat(at(r, "$.capacity.cpu[0].peakPct")).isEqualTo(95.0);
        assertThat(at(r, "$.capacity.cpu[0].hoursAbove90")).isEqualTo(1);

        assertThat(at(r, "$.fleet.devices")).isEqualTo(2);
        assertThat(at(r, "$.fleet.byOs[*].label")).isEqualTo(List.of("Ubuntu 24.04", "Windows Server 2022"));
        assertThat(at(r, "$.fleet.byAge[?(@.label=='under 90 days')].count")).isEqualTo(List.of(1));
        assertThat(at(r, "$.fleet.byAge[?(@.label=='90 days to 1 year')].count")).isEqualTo(List.of(1));
        assertThat(at(r, "$.fleet.offlineOver7Days[*].hostname")).isEqualTo(List.of("laptop-02"));
        assertThat(at(r, "$.fleet.offlineOver7Days[0].daysOffline")).isEqualTo(11);

        assertThat(at(r, "$.impact.criticalDevices")).isEqualTo(1);
        assertThat(at(r, "$.impact.downtimeMinutes")).isEqualTo(150);
        assertThat(at(r, "$.impact.cost")).isEqualTo(1500.0);
        assertThat(at(r, "$.impact.currency")).isEqualTo("EUR");
    }

    @Test
    void aPastMonthReadsTheSameLaterAndMissingDataIsSaid() {
        String first = report(adminApi(), "2026-03");
        String again = report(adminApi(), "2026-03");
        assertThat(again.replaceAll("\"generatedAt\":\"[^\"]+\"", "")).isEqualTo(first.replaceAll("\"generatedAt\":\"[^\"]+\"", ""));
        HttpResponse<String> empty = adminApi().getJson("/api/v1/clients/" + emptyClientId + "/reports/2026-03");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(at(empty.body(), "$.summary.note")).asString().contains("No contract");
        assertThat(at(empty.body(), "$.availability.note")).asString().contains("no approved device");
        assertThat(at(empty.body(), "$.fleet.note")).asString().contains("no approved device");
        assertThat(at(empty.body(), "$.volumes.note")).asString().contains("No ticket");
        assertThat(at(empty.body(), "$.changes.note")).asString().contains("No change");
        assertThat(at(empty.body(), "$.capacity.note")).asString().contains("No disk");
    }

    @Test
    void capacityFromTheMonthlySumsEqualsCapacityFromEveryHourlyRow() {
        String capacity = "$.capacity";
        Object fromHours = at(report(adminApi(), "2026-03"), capacity);
        assertThat(at(report(adminApi(), "2026-03"), "$.capacity.disks[0].growthPointsPerDay")).isEqualTo(0.5);
        ClientId client = new ClientId(UUID.fromString(clientId));
        YearMonth march = YearMonth.of(2026, 3);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // Part summed (up to the 15th), the rest read from the hourly rows after the mark: the same figures.
        TenantContext.runAsSystem(() -> folder.fold(client, march, berlin, Instant.parse("2026-03-15T00:00:00Z")));
        assertThat(mark(march)).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(at(report(adminApi(), "2026-03"), capacity)).isEqualTo(fromHours);
        // Summed to the month's end (a later upto stops there), and folding again adds nothing twice.
        TenantContext.runAsSystem(() -> folder.fold(client, march, berlin, Instant.parse("2026-05-01T00:00:00Z")));
        TenantContext.runAsSystem(() -> folder.fold(client, march, berlin, Instant.parse("2026-05-01T00:00:00Z")));
        assertThat(mark(march)).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        assertThat(at(report(adminApi(), "2026-03"), capacity)).isEqualTo(fromHours);
        // Sums made for another zone's month start over rather than mix two origins; the Berlin report ignores them.
        TenantContext.runAsSystem(() -> folder.fold(client, march, ZoneId.of("UTC"), Instant.parse("2026-03-20T00:00:00Z")));
        assertThat(mark(march)).isEqualTo(Instant.parse("2026-03-20T00:00:00Z"));
        assertThat(at(report(adminApi(), "2026-03"), capacity)).isEqualTo(fromHours);
        TenantContext.runAsSystem(() -> folder.fold(client, march, berlin, Instant.parse("2026-05-01T00:00:00Z")));
        assertThat(at(report(adminApi(), "2026-03"), capacity)).isEqualTo(fromHours);
        // The scheduled pass keeps the running and the previous month of every active client.
        assertThat(folder.runDue()).isGreaterThanOrEqualTo(2);
        assertThat(mark(YearMonth.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(java.time.Duration.ofHours(2)).atZone(berlin))))
                .isNotNull();
    }

    private Instant mark(YearMonth month) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT through FROM capacity_month_mark WHERE client_id = ? AND month = ?")
                .params(UUID.fromString(clientId), month.atDay(1)).query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null));
    }

    @Test
    void badMonthsAndForeignClientsAreClear4xx() {
        Http api = adminApi();
        String base = "/api/v1/clients/" + clientId + "/reports/";
        for (String month : List.of("2026-13", "march", "2026-3", "0000-01")) {
            HttpResponse<String> r = api.getJson(base + month);
            assertThat(r.statusCode()).as(month).isEqualTo(400);
            assertThat(r.body()).contains("\"field\":\"month\"");
        }
        HttpResponse<String> future = api.getJson(base + "2999-01");
        assertThat(future.statusCode()).isEqualTo(400);
        assertThat(future.body()).contains("has not started yet");
        HttpResponse<String> before = api.getJson(base + "2024-12");
        assertThat(before.statusCode()).isEqualTo(400);
        assertThat(before.body()).contains("did not exist yet");
        assertThat(api.getJson("/api/v1/clients/" + UUID.randomUUID() + "/reports/2026-03").statusCode()).isEqualTo(404);
        assertThat(api.getJson("/api/v1/clients/not-a-uuid/reports/2026-03").statusCode()).isEqualTo(404);
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        assertThat(portal.getJson(base + "2026-03").statusCode()).isEqualTo(404);
        assertThat(portal.getJson(base + "2026-03/tickets.csv").statusCode()).isEqualTo(404);
        assertThat(api.getJson(base + "2026-03/secrets.csv").statusCode()).isEqualTo(404);
        assertThat(api.getJson(base + "2026-03/tickets.csv?response=LATE").statusCode()).isEqualTo(400);
    }

    @Test
    void exportsCarryTheRowsBehindTheFigures() {
        Http api = adminApi();
        String base = "/api/v1/clients/" + clientId + "/reports/2026-03/";
        HttpResponse<String> csv = api.get(base + "tickets.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(8);
        assertThat(lines[0]).startsWith("number,id,title,type,source,priority");
        String breached = api.getJson(base + "tickets.json?response=BREACHED").body();
        assertThat(at(breached, "$[*].title")).isEqualTo(List.of("Disk alarm", "Forgotten"));
        String devices = api.getJson(base + "devices.json").body();
        assertThat(at(devices, "$[?(@.hostname=='srv-01')].downtimeMinutes")).isEqualTo(List.of(150));
        assertThat(api.get(base + "changes.csv").body().split("\r\n")).hasSize(4);
    }

    @Test
    void theReportPageLinksEachFigureToTheTicketsOrDevicesBehindIt() {
        Http staff = admin();
        String page = staff.page("/clients/" + clientId + "/reports/2026-03");
        assertThat(page).contains("Service report 2026-03", "missed by 23.57 points", "73.689 %", "1500.00 EUR", "<svg", "id=\"sla-table\"");
        String base = "/clients/" + clientId + "/reports/2026-03/tickets";
        assertThat(page).contains("href=\"" + base + "?response=BREACHED\"", "href=\"" + base + "?priority=P1&amp;response=MET\"", "href=\"/tickets/" + tickets.get("T5") + "\"",
                "href=\"/devices/" + d2 + "\"", "href=\"" + base + "?priority=P1\"");
        String breached = staff.page(base + "?response=BREACHED");
        assertThat(breached).contains("2 tickets", "Disk alarm", "Forgotten").doesNotContain("Server down");
        assertThat(staff.page("/clients/" + clientId).contains("/clients/" + clientId + "/reports")).isTrue();
        assertThat(staff.page("/clients/" + clientId + "/reports")).contains("Stored reports");
        assertThat(staff.get("/clients/" + clientId + "/reports/2026-13").statusCode()).isEqualTo(400);

        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        assertThat(portal.get("/clients/" + clientId + "/reports/2026-03").statusCode()).isEqualTo(404);
        assertThat(portal.page("/portal")).contains("/portal/reports");
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        String own = portal.page("/portal/reports/" + month);
        assertThat(own).contains("Service report " + month, "Northwind").doesNotContain("href=\"/devices/");
    }

    @Test
    void settingsFormValidatesAndSaves() {
        Http staff = admin();
        String form = staff.page("/clients/" + emptyClientId + "/report-settings");
        assertThat(form).contains("downtimeCostPerHour");
        HttpResponse<String> bad = staff.postForm("/clients/" + emptyClientId + "/report-settings",
                Map.of("version", "0", "downtimeCostPerHour", "lots", "currency", "EUR", "slaComplianceTargetPct", "95"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("Enter a number");
        HttpResponse<String> ok = staff.postForm("/clients/" + emptyClientId + "/report-settings",
                Map.of("version", "0", "downtimeCostPerHour", "250.50", "currency", "usd", "slaComplianceTargetPct", "90"));
        assertThat(ok.statusCode()).isIn(302, 303);
        String json = adminApi().getJson("/api/v1/clients/" + emptyClientId + "/report-settings").body();
        assertThat(at(json, "$.downtimeCostPerHour")).isEqualTo(250.5);
        assertThat(at(json, "$.currency")).isEqualTo("USD");
        HttpResponse<String> stale = adminApi().json("PUT", "/api/v1/clients/" + emptyClientId + "/report-settings",
                "{\"slaComplianceTargetPct\":90}", Map.of("If-Match", "\"0\""));
        assertThat(stale.statusCode()).isEqualTo(412);
        HttpResponse<String> invalid = adminApi().json("PUT", "/api/v1/clients/" + emptyClientId + "/report-settings",
                "{\"slaComplianceTargetPct\":150}", Map.of("If-Match", "\"1\""));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(signedIn(DemoLogins.TIER1).json("PUT", "/api/v1/clients/" + emptyClientId + "/report-settings",
                "{\"slaComplianceTargetPct\":90}", Map.of("If-Match", "\"1\"")).statusCode()).isEqualTo(403);
    }

    private HttpResponse<byte[]> bytes(String path, String accept) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + demo().adminApiToken()).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void thePdfHasACoverContentsKeyFiguresAndPageNumbersOnA4AndLetter() throws Exception {
        String path = "/api/v1/clients/" + clientId + "/reports/2026-03";
        HttpResponse<byte[]> a4 = bytes(path, "application/pdf");
        assertThat(a4.statusCode()).isEqualTo(200);
        assertThat(a4.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
        // Kept for a person to look at after the run.
        java.nio.file.Files.write(java.nio.file.Path.of("target/sample-service-report.pdf"), a4.body());
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(a4.body())) {
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(4);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isCloseTo(595.3f, org.assertj.core.data.Offset.offset(1f));
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("Monthly service report", "Report Co", "March 2026", "Contents", "1. Summary", "9. Business impact",
                    "missed by 23.57 points", "73.689 %", "1500.00 EUR", "Disk alarm", "2026-06-09", "laptop-02",
                    "Page 3 of " + doc.getNumberOfPages());
            org.apache.pdfbox.rendering.PDFRenderer renderer = new org.apache.pdfbox.rendering.PDFRenderer(doc);
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                java.awt.image.BufferedImage img = renderer.renderImageWithDPI(i, 40);
                assertThat(img.getWidth()).isGreaterThan(100);
            }
            // The charts are embedded as images on the volumes page.
            long images = 0;
            for (org.apache.pdfbox.pdmodel.PDPage page : doc.getPages()) {
                for (org.apache.pdfbox.cos.COSName n : page.getResources().getXObjectNames()) {
                    images += page.getResources().isImageXObject(n) ? 1 : 0;
                }
            }
            assertThat(images).isGreaterThanOrEqualTo(2);
        }
        HttpResponse<byte[]> letter = bytes(path + "?format=pdf&paper=letter", "text/html,*/*;q=0.8");
        assertThat(letter.statusCode()).isEqualTo(200);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(letter.body())) {
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isCloseTo(612f, org.assertj.core.data.Offset.offset(1f));
        }
        assertThat(bytes(path + "?format=pdf&paper=a3", "*/*").statusCode()).isEqualTo(400);
        assertThat(bytes("/api/v1/clients/" + clientId + "/reports/2999-01", "application/pdf").statusCode()).isEqualTo(400);
        HttpResponse<byte[]> empty = bytes("/api/v1/clients/" + emptyClientId + "/reports/2026-03", "application/pdf");
        assertThat(empty.statusCode()).isEqualTo(200);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(empty.body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("No contract was in force", "no approved device");
        }
    }

    @Autowired
    io.steward.server.reporting.internal.MonthlyReportSchedule.MonthlyReportScheduler scheduler;

    @Test
    void storedReportsAreKeptAsGeneratedAndTheirRecipientsAreTold() throws Exception {
        Http api = adminApi();
        String me = jsonString(api.getJson("/api/v1/me").body(), "userId");
        HttpResponse<String> current = api.getJson("/api/v1/clients/" + clientId + "/report-settings");
        String etag = current.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> saved = api.json("PUT", "/api/v1/clients/" + clientId + "/report-settings",
                "{\"downtimeCostPerHour\":600,\"currency\":\"EUR\",\"slaComplianceTargetPct\":95,\"recipients\":[\"" + me + "\"]}",
                Map.of("If-Match", etag));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(api.json("PUT", "/api/v1/clients/" + clientId + "/report-settings", "{\"recipients\":[\"" + UUID.randomUUID() + "\"]}",
                Map.of("If-Match", saved.headers().firstValue("ETag").orElseThrow())).statusCode()).isEqualTo(400);

        String base = "/api/v1/clients/" + clientId + "/stored-reports";
        HttpResponse<String> hook = api.json("POST", "/api/v1/webhooks", "{\"name\":\"reports\",\"clientId\":\"" + clientId
                + "\",\"url\":\"https://93.184.216.34/reports\",\"eventTypes\":[\"report.ready\"]}");
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
        String hookId = hook.body().replaceAll("(?s).*?\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*", "$1");
        assertThat(api.json("POST", base + "/2026-03", "").statusCode()).isEqualTo(201);
        assertThat(api.getJson("/api/v1/webhooks/" + hookId + "/deliveries").body()).as("the client's report.ready webhook is queued with the report")
                .contains("report.ready").contains("2026-03");
        assertThat(api.json("POST", base + "/2026-03", "").statusCode()).isEqualTo(409);
        assertThat(api.json("POST", base + "/" + java.time.YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(1), "").statusCode()).isEqualTo(400);
        String storedJson = api.getJson(base + "/2026-03").body();
        String live = report(api, "2026-03");
        assertThat(storedJson.replaceAll("\"generatedAt\":\"[^\"]+\"", "")).isEqualTo(live.replaceAll("\"generatedAt\":\"[^\"]+\"", ""));
        HttpResponse<byte[]> pdf = bytes(base + "/2026-03", "application/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("March 2026");
        }
        assertThat(api.getJson(base).body()).contains("\"month\":\"2026-03\"");
        assertThat(api.getJson(base + "/2026-02").statusCode()).isEqualTo(404);
        String notes = admin().getJson("/api/v1/me/notifications").body();
        assertThat(notes).contains("MONTHLY_REPORT", "2026-03, is ready: /clients/" + clientId + "/reports/2026-03");
        assertThat(admin().page("/clients/" + clientId + "/reports/stored-list")).contains(">2026-03<");
        assertThat(signedIn(DemoLogins.TIER1).json("POST", base + "/2026-02", "").statusCode()).isEqualTo(403);
        assertThat(signedIn(DemoLogins.PORTAL_NORTHWIND).getJson(base).statusCode()).isEqualTo(404);

        // The schedule stores the previous month of every active client once its day has come, and only once.
        java.time.YearMonth due = io.steward.server.reporting.internal.MonthlyReportSchedule.MonthlyReportScheduler.dueMonth(Instant.now(),
                java.time.ZoneId.of("Europe/Berlin"), 2, 6);
        scheduler.runDue();
        if (due != null) {
            assertThat(api.getJson(base).body()).contains("\"month\":\"" + due + "\"", "Steward scheduler");
        }
        long before = notes.split("MONTHLY_REPORT", -1).length;
        scheduler.runDue();
        assertThat(admin().getJson("/api/v1/me/notifications").body().split("MONTHLY_REPORT", -1).length).isEqualTo(before + (due == null ? 0 : 1));
    }
}
