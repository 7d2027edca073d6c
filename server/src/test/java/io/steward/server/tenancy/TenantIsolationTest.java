package io.steward.server.tenancy;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant isolation through HTTP, over every route the application maps (read from the request
 * mappings, not a hand-picked list): a portal user of one client gets 404 for every id that
 * belongs to another client, whatever the method, page or API; and so does a technician scoped
 * away from that client.
 */
class TenantIsolationTest extends IntegrationTest {
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Map<String, String> foreignIds;

    @BeforeEach
    void idsOfAnotherClient() {
        // Harbour City Council: neither the Northwind portal user nor the scoped technician may see it.
        Http api = adminApi();
        String clientId = field(api.getJson("/api/v1/clients?q=Harbour").body(), "id");
        String siteId = field(api.getJson("/api/v1/clients/" + clientId + "/sites").body(), "id");
        String contactId = field(api.getJson("/api/v1/clients/" + clientId + "/contacts").body(), "id");
        String userId = field(api.getJson("/api/v1/users?q=harbourcity").body(), "id");
        String tokenId = field(api.getJson("/api/v1/me/tokens").body(), "id");
        String contractId = field(api.getJson("/api/v1/clients/" + clientId + "/contracts").body(), "id");
        String tierId = field(api.getJson("/api/v1/tiers").body(), "id");
        String calendarId = field(api.getJson("/api/v1/calendars").body(), "id");
        String ticketId = field(api.getJson("/api/v1/tickets?status=all&clientId=" + clientId).body(), "id");
        // A notification addressed to the admin: nobody else may read or mark it.
        String notificationId = java.util.UUID.randomUUID().toString();
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql(
                "INSERT INTO notification (id, user_id, kind, message, created_at) SELECT CAST(? AS uuid), id, 'TEST', 'for the admin', now() "
                        + "FROM app_user WHERE email = ?").params(notificationId, DemoLogins.ADMIN).update());
        // A saved ticket view of the admin's: nobody else may delete it.
        String viewId = field(api.json("POST", "/api/v1/me/ticket-views", "{\"name\":\"isolation " + java.util.UUID.randomUUID()
                + "\",\"filters\":{\"view\":\"all\"}}").body(), "id");
        String attachmentId = field(api.upload("/api/v1/tickets/" + ticketId + "/attachments", "invoice.pdf", new byte[] {1, 2, 3}).body(), "id");
        String token = field(api.json("POST", "/api/v1/clients/" + clientId + "/enrollment-tokens",
                "{\"name\":\"isolation\",\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}").body(), "token");
        io.steward.server.support.TestAgent agent = new io.steward.server.support.TestAgent("http://localhost:" + port);
        agent.enroll(token, "harbour-probe");
        String enrollmentTokenId = field(api.getJson("/api/v1/clients/" + clientId + "/enrollment-tokens").body(), "id");
        foreignIds = new java.util.HashMap<>(Map.of("attachmentId", attachmentId, "linkedTicketId", ticketId, "deviceId", agent.deviceId,
                "enrollmentTokenId", enrollmentTokenId, "viewId", viewId));
        foreignIds.putAll(Map.of("notificationId", notificationId, "ticketId", ticketId, "clientId", clientId, "siteId", siteId, "contactId", contactId, "userId", userId, "tokenId", tokenId,
                "contractId", contractId, "tierId", tierId, "calendarId", calendarId));
        String groupId = field(api.json("POST", "/api/v1/clients/" + clientId + "/device-groups",
                "{\"name\":\"isolation " + java.util.UUID.randomUUID() + "\",\"kind\":\"STATIC\",\"deviceIds\":[\"" + agent.deviceId + "\"]}").body(), "id");
        String alertPolicyId = field(api.json("POST", "/api/v1/alert-policies", "{\"name\":\"isolation\",\"metric\":\"isolation.value\","
                + "\"comparison\":\"ABOVE\",\"threshold\":10,\"recoveryThreshold\":5,\"severity\":\"WARNING\",\"clientId\":\"" + clientId + "\"}").body(), "id");
        String exclusionId = field(api.json("POST", "/api/v1/alert-policies/" + alertPolicyId + "/exclusions",
                "{\"siteId\":\"" + siteId + "\"}").body().replaceFirst("^.*\"exclusions\":\\[", ""), "id");
        String maintenanceWindowId = field(api.json("POST", "/api/v1/clients/" + clientId + "/maintenance-windows",
                "{\"startsAt\":\"2030-01-01T00:00:00Z\",\"endsAt\":\"2030-01-01T02:00:00Z\",\"reason\":\"isolation\"}").body(), "id");
        foreignIds.put("portalDeviceId", agent.deviceId);
        // An open alert of that client's device: nobody outside it may read, acknowledge or snooze it.
        String alertId = java.util.UUID.randomUUID().toString();
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql(
                "INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value) "
                        + "VALUES (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), '', 'OPEN', now(), 20)")
                .params(alertId, agent.deviceId, clientId, alertPolicyId).update());
        foreignIds.put("alertId", alertId);
        // A ticket template for that client only; canned replies are the MSP's, for every staff member (MSP_WIDE).
        foreignIds.put("templateId", field(api.json("POST", "/api/v1/ticket-templates", "{\"clientId\":\"" + clientId + "\",\"name\":\"isolation "
                + java.util.UUID.randomUUID() + "\",\"type\":\"INCIDENT\",\"title\":\"isolation\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}").body(), "id"));
        foreignIds.put("cannedReplyId", field(api.json("POST", "/api/v1/canned-replies", "{\"name\":\"isolation " + java.util.UUID.randomUUID()
                + "\",\"body\":\"isolation\"}").body(), "id"));
        // A mailbox bound to that client (disabled: nothing connects); mailboxes are MSP admins' only.
        foreignIds.put("mailboxId", field(api.json("POST", "/api/v1/mailboxes", "{\"name\":\"isolation " + java.util.UUID.randomUUID()
                + "\",\"address\":\"help@isolation.test\",\"host\":\"imap.isolation.test\",\"port\":993,\"security\":\"TLS\",\"auth\":\"PASSWORD\","
                + "\"username\":\"u\",\"password\":\"p\",\"enabled\":false,\"boundClientId\":\"" + clientId + "\"}").body(), "id"));
        foreignIds.putAll(Map.of("groupId", groupId, "alertPolicyId", alertPolicyId, "exclusionId", exclusionId,
                "maintenanceWindowId", maintenanceWindowId));
        // An inbound alert source of that client: nobody outside it may read, rotate, switch off or delete it.
        foreignIds.put("alertSourceId", field(api.json("POST", "/api/v1/clients/" + clientId + "/alert-sources",
                "{\"kind\":\"GENERIC\",\"name\":\"isolation\"}").body(), "id"));
        // A webhook endpoint of that client (a public address, so no flag and no DNS) and a delivery of it.
        String webhookId = field(api.json("POST", "/api/v1/webhooks", "{\"name\":\"isolation\",\"clientId\":\"" + clientId
                + "\",\"url\":\"https://93.184.216.34/isolation\",\"eventTypes\":[\"ticket.created\"]}").body(), "id");
        foreignIds.put("webhookId", webhookId);
        foreignIds.put("webhookDeliveryId", field(api.json("POST", "/api/v1/webhooks/" + webhookId + "/test", null).body(), "id"));
        // A mail of that client waiting in triage: no one outside its scope may read, download or act on it.
        String inboundMailId = java.util.UUID.randomUUID().toString();
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql(
                "INSERT INTO inbound_mail (id, mailbox_id, sha256, received_at, size_bytes, raw, outcome, client_id) VALUES (CAST(? AS uuid), "
                        + "gen_random_uuid(), repeat('0', 64), now(), 1, '\\x41', 'TRIAGE', CAST(? AS uuid))").params(inboundMailId, clientId).update());
        foreignIds.put("inboundMailId", inboundMailId);
        // A mail of that client in the outbox: only MSP admins may see or resend the outbox.
        String mailId = java.util.UUID.randomUUID().toString();
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql(
                "INSERT INTO mail_outbox (id, client_id, kind, recipient, subject, text_body, message_id, automatic, status, next_attempt_at, created_at) "
                        + "VALUES (CAST(? AS uuid), CAST(? AS uuid), 'PUBLIC_REPLY', 'someone@isolation.example', 'isolation', 'isolation', ?, true, 'FAILED', now(), now())")
                .params(mailId, clientId, "<m." + mailId + "@isolation.example>").update());
        foreignIds.put("mailId", mailId);
        // A passkey of the admin's: nobody else may rename or delete it (inserted once, the same row every time).
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql(
                "INSERT INTO user_passkey (credential_id, user_id, public_key_cose, label, created_at) SELECT ?, id, ?, 'isolation probe', now() "
                        + "FROM app_user WHERE email = ? ON CONFLICT DO NOTHING").params(ISOLATION_PASSKEY, new byte[] {1}, DemoLogins.ADMIN).update());
        foreignIds.put("credentialId", ISOLATION_PASSKEY);

        // A task of that client's device (issue 17): no one outside its scope may read, approve, reject or cancel it.
        String taskScriptId = java.util.UUID.randomUUID().toString();
        String taskVersionId = java.util.UUID.randomUUID().toString();
        String taskId = java.util.UUID.randomUUID().toString();
        io.steward.server.shared.TenantContext.runAsSystem(() -> {
            jdbc.sql("INSERT INTO script (id, name, interpreter, created_at) VALUES (CAST(? AS uuid), ?, 'sh', now())")
                    .params(taskScriptId, "isolation " + taskScriptId).update();
            jdbc.sql("INSERT INTO script_version (id, script_id, number, sha256, body, timeout_seconds, output_limit_bytes, created_at) "
                    + "VALUES (CAST(? AS uuid), CAST(? AS uuid), 1, encode(sha256('true'), 'hex'), 'true', 60, 65536, now())").params(taskVersionId, taskScriptId).update();
            jdbc.sql("INSERT INTO task (id, client_id, script_version_id, target_kind, schedule, not_before, not_after, max_concurrent, "
                    + "stop_after_failures, state, spec, digest, requested_by, created_at) SELECT CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), "
                    + "'DEVICES', 'now', now(), now() + interval '1 hour', 1, 0, 'AWAITING_APPROVAL', '\\x00', decode(repeat('00', 32), 'hex'), id, now() "
                    + "FROM app_user WHERE email = ?").params(taskId, clientId, taskVersionId, DemoLogins.ADMIN).update();
            jdbc.sql("INSERT INTO task_run (task_id, device_id, client_id, state) VALUES (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), 'PENDING')")
                    .params(taskId, agent.deviceId, clientId).update();
        });
        foreignIds.put("taskId", taskId);

        // A script and its version are the MSP's (MSP_WIDE: every staff member reads them); a standard change limited to that
        // client, inserted straight into the database, is seen only by whoever sees that client.
        String scriptId = field(api.json("POST", "/api/v1/scripts", "{\"name\":\"isolation " + java.util.UUID.randomUUID()
                + "\",\"interpreter\":\"sh\",\"operatingSystems\":[\"linux\"],\"body\":\"echo isolation\"}").body(), "id");
        String scriptVersionId = field(api.getJson("/api/v1/scripts/" + scriptId + "/versions").body(), "id");
        String standardChangeId = java.util.UUID.randomUUID().toString();
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql(
                "INSERT INTO standard_change (id, script_version_id, scope_client_id, max_timeout_seconds, not_after, state, spec, digest, requested_by, "
                        + "created_at) SELECT CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), 60, now() + interval '1 day', 'AWAITING_APPROVAL', "
                        + "'\\x00', sha256('\\x00'), id, now() FROM app_user WHERE email = ?")
                .params(standardChangeId, scriptVersionId, clientId, DemoLogins.ADMIN).update());
        foreignIds.putAll(Map.of("scriptId", scriptId, "scriptVersionId", scriptVersionId, "standardChangeId", standardChangeId));
        // An agent release (MSP-wide, MSP admins only): a technician and a portal user get 404 for it.
        foreignIds.put("releaseId", io.steward.server.support.TestReleases.uploaded(api,
                (2_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000)) + ".0.0"));
        // A remediation rule of that client's alert policy: seen and removed only by whoever sees that client.
        String ruleId = java.util.UUID.randomUUID().toString();
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql(
                "INSERT INTO remediation_rule (id, policy_id, client_id, script_version_id, created_by, created_by_name, created_at) "
                        + "SELECT CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), id, 'isolation', now() FROM app_user WHERE email = ?")
                .params(ruleId, alertPolicyId, clientId, scriptVersionId, DemoLogins.ADMIN).update());
        foreignIds.put("ruleId", ruleId);
        // A standard patch cycle of that client (Steward starts them by itself on the cycle day): stopped, so it could be resumed.
        String cycleId = java.util.UUID.randomUUID().toString();
        io.steward.server.shared.TenantContext.runAsSystem(() -> jdbc.sql(
                "INSERT INTO patch_cycle_run (id, client_id, cycle_day, state, reason, wait_days, stop_percent, started_at, updated_at) "
                        + "VALUES (CAST(? AS uuid), CAST(? AS uuid), ?, 'STOPPED', 'isolation', 2, 20, now(), now())")
                // One cycle per client and day, and this runs before each test: a day of its own each time.
                .params(cycleId, clientId, java.time.LocalDate.of(2000, 1, 1).plusDays(CYCLE_DAYS.incrementAndGet()))
                .update());
        foreignIds.put("cycleId", cycleId);
        // A compliance finding and a piece of manual evidence of that client.
        String findingId = java.util.UUID.randomUUID().toString();
        String evidenceId = java.util.UUID.randomUUID().toString();
        io.steward.server.shared.TenantContext.runAsSystem(() -> {
            jdbc.sql("INSERT INTO compliance_finding (id, client_id, framework, control_id, state, summary, automatic, due_on, opened_at) "
                    + "VALUES (CAST(? AS uuid), CAST(? AS uuid), 'nist-sp-800-53-r5', ?, 'OPEN', 'isolation', false, current_date, now())")
                    .params(findingId, clientId, "isolation-" + findingId).update();
            jdbc.sql("INSERT INTO compliance_manual_evidence (id, client_id, framework, control_id, note, added_by, added_at, expires_at) "
                    + "VALUES (CAST(? AS uuid), CAST(? AS uuid), 'nist-sp-800-53-r5', 'ac-2', 'isolation', 'isolation', now(), now() + interval '1 day')")
                    .params(evidenceId, clientId).update();
        });
        foreignIds.put("findingId", findingId);
        foreignIds.put("evidenceId", evidenceId);
    }

    static final String ISOLATION_PASSKEY = "tenant-isolation-probe-passkey";
    private static final java.util.concurrent.atomic.AtomicInteger CYCLE_DAYS = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void portalUserGets404ForEveryRouteWithAnotherClientsIds() {
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        List<String> checked = probeAll(portal, Set.of(404), Set.of());
        assertThat(checked).as("routes with ids probed").hasSizeGreaterThan(20);
    }

    @Test
    void scopedTechnicianGets404ForEveryRouteWithAnUnscopedClientsIds() {
        // Admin-only routes answer a technician 403 whatever the id; everything else must be 404.
        Http tech = signedIn(DemoLogins.SCOPED);
        List<String> checked = probeAll(tech, Set.of(403, 404), MSP_WIDE);
        assertThat(checked).hasSizeGreaterThan(20);
        for (String path : List.of("/api/v1/clients/" + foreignIds.get("clientId"), "/api/v1/sites/" + foreignIds.get("siteId"),
                "/api/v1/contacts/" + foreignIds.get("contactId"), "/clients/" + foreignIds.get("clientId"),
                "/sites/" + foreignIds.get("siteId") + "/edit", "/contacts/" + foreignIds.get("contactId") + "/edit")) {
            assertThat(tech.get(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void portalUserSeesOwnClientButNotOthersInListings() {
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        String list = portal.getJson("/api/v1/clients").body();
        assertThat(list).contains("Northwind Dental").doesNotContain("Harbour City Council").doesNotContain("Alpine Logistics");
        assertThat(portal.get("/portal").body()).contains("Northwind Dental").doesNotContain("Harbour City");
        assertThat(portal.getJson("/api/v1/clients/" + foreignIds.get("clientId")).statusCode()).isEqualTo(404);
    }

    @Test
    void monthlyReportsOfAnotherClientAre404InEveryFormat() {
        String client = foreignIds.get("clientId");
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        for (Http who : List.of(signedIn(DemoLogins.PORTAL_NORTHWIND), signedIn(DemoLogins.SCOPED))) {
            for (String path : List.of("/api/v1/clients/" + client + "/reports/" + month, "/api/v1/clients/" + client + "/reports/" + month + "?format=pdf",
                    "/api/v1/clients/" + client + "/reports/" + month + "/tickets.csv", "/api/v1/clients/" + client + "/reports/" + month + "/devices.json",
                    "/api/v1/clients/" + client + "/stored-reports", "/api/v1/clients/" + client + "/stored-reports/" + month,
                    "/api/v1/clients/" + client + "/report-settings", "/api/v1/clients/" + client + "/reports/2999-99")) {
                assertThat(who.getJson(path).statusCode()).as(path).isEqualTo(404);
            }
            assertThat(who.json("PUT", "/api/v1/clients/" + client + "/report-settings", "{}", Map.of("If-Match", "\"0\"")).statusCode()).isEqualTo(404);
            assertThat(who.json("POST", "/api/v1/clients/" + client + "/stored-reports/" + month, "{}").statusCode()).isEqualTo(404);
        }
        // A portal user reaches only their own client's reports, through the portal.
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        assertThat(portal.get("/portal/reports/" + month).statusCode()).isEqualTo(200);
        assertThat(portal.get("/clients/" + client + "/reports/" + month).statusCode()).isEqualTo(404);
    }

    @Test
    void anotherClientsLogoIs404ToReadChangeOrRemoveAndTheMspLogoIsNotATenantThing() {
        String path = "/api/v1/clients/" + foreignIds.get("clientId") + "/logo";
        for (Http who : List.of(signedIn(DemoLogins.PORTAL_NORTHWIND), signedIn(DemoLogins.SCOPED))) {
            assertThat(who.getJson(path).statusCode()).as(path).isEqualTo(404);
            assertThat(who.send(who.builder(path).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                    .header("Content-Type", "image/png").header("X-CSRF-TOKEN", String.valueOf(who.csrf()))).statusCode()).isEqualTo(404);
            assertThat(who.json("DELETE", path, null).statusCode()).isEqualTo(404);
            assertThat(who.postForm("/clients/" + foreignIds.get("clientId") + "/logo/delete", Map.of()).statusCode()).isEqualTo(404);
        }
    }

    /** Calls every mapped route that takes an id, with the foreign ids, and demands 404 each time. */
    /** Path variables that name MSP-wide things (tiers, calendars), which every staff member may see. */
    static final Set<String> MSP_WIDE = Set.of("tierId", "calendarId", "cannedReplyId", "scriptId", "scriptVersionId");

    private List<String> probeAll(Http who, Set<Integer> allowed, Set<String> skip) {
        List<String> probed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, ?> e : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            Set<String> patterns = info.getPatternValues();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : patterns) {
                if (!VARIABLE.matcher(pattern).find() || skip.stream().anyMatch(v -> pattern.contains("{" + v + "}"))) {
                    continue;
                }
                String path = substitute(pattern);
                if (path == null) {
                    failures.add("no foreign id for " + pattern);
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    HttpResponse<String> r = call(who, method, path);
                    probed.add(method + " " + path);
                    if (!allowed.contains(r.statusCode())) {
                        failures.add(method + " " + pattern + " -> " + r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
                    }
                }
            }
        }
        assertThat(failures).as("routes that did not answer " + allowed + " for another client's id").isEmpty();
        return probed;
    }

    private static HttpResponse<String> call(Http who, RequestMethod method, String path) {
        boolean page = !path.startsWith("/api/");
        return switch (method) {
            case GET -> page ? who.get(path) : who.getJson(path);
            case POST -> page ? who.postForm(path, Map.of("version", "0", "name", "x", "enabled", "false"))
                    : who.json("POST", path, "{}", Map.of("If-Match", "\"0\""));
            default -> who.json(method.name(), path, "{}", Map.of("If-Match", "\"0\""));
        };
    }

    private String substitute(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String id = foreignIds.get(m.group(1));
            if (id == null && !m.group(1).endsWith("Id")) {
                id = "approve";
            }
            if (id == null) {
                return null;
            }
            m.appendReplacement(sb, id);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }
}
