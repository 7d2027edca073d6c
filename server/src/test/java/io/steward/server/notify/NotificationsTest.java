package io.steward.server.notify;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import io.steward.server.support.TestAgent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, "told, not searching": each kind of notification reaches the people it is for and nobody else: not the
 * person who acted, not a technician scoped to another client, not another tier. The class makes its own two clients
 * (A with a Premium 24x7 contract, B) and its own staff, and reads only notifications about its own tickets and devices.
 */
class NotificationsTest extends IntegrationTest {
    private static final String PREMIUM = "00000000-0000-4000-8000-0000000071e3";
    private static final String CALENDAR_24X7 = "00000000-0000-4000-8000-00000000ca02";

    @Autowired
    JdbcClient jdbc;

    /** This class's own people and clients, made once for the server (every test reads only its own tickets' notifications). */
    record World(String clientA, String clientB, Person manager, Person tier1, Person tier1OfB, Person tier2, Person portal, UUID demoManager) {
    }

    record Person(UUID id, String email, String firstName, Http http) {
    }

    private static final Map<Integer, World> WORLDS = new java.util.concurrent.ConcurrentHashMap<>();
    private World w;

    @BeforeEach
    void world() {
        w = WORLDS.computeIfAbsent(port, p -> {
            String a = OwnData.client(adminApi(), "Notify A");
            String b = OwnData.client(adminApi(), "Notify B");
            HttpResponse<String> contract = adminApi().json("POST", "/api/v1/clients/" + a + "/contracts", """
                    {"reference":"NOTIFY-1","deliveryModel":"FULLY_MANAGED","tierId":"%s","calendarId":"%s","startsOn":"2025-01-01",
                     "pricingModel":"FLAT_FEE","priceAmount":1000,"currency":"EUR"}""".formatted(PREMIUM, CALENDAR_24X7));
            assertThat(contract.statusCode()).as(contract.body()).isEqualTo(201);
            Person manager = person("SERVICE_MANAGER", null, null);
            Person tier1 = person("TECHNICIAN", 1, a);
            Person tier1OfB = person("TECHNICIAN", 1, b);
            Person tier2 = person("TECHNICIAN", 2, a);
            Person portal = person("CLIENT_USER", null, a);
            UUID demoManager = UUID.fromString(jsonString(adminApi().getJson("/api/v1/users?q=" + DemoLogins.MANAGER).body(), "id"));
            return new World(a, b, manager, tier1, tier1OfB, tier2, portal, demoManager);
        });
    }

    @Test
    void aNewTicketWaitsInItsTiersQueueAndAP1AlsoReachesServiceManagers() {
        String quiet = ticket(w.manager().http(), w.clientA(), "Printer offline", "LOW", "LOW");
        assertThat(recipients(quiet, "QUEUED")).contains(w.tier1().id()).doesNotContain(w.tier1OfB().id(), w.tier2().id(), w.manager().id());
        assertThat(recipients(quiet, "URGENT_TICKET")).isEmpty();

        String p1 = ticket(w.manager().http(), w.clientA(), "Everything down", "HIGH", "HIGH");
        assertThat(recipients(p1, "URGENT_TICKET")).contains(w.tier1().id(), w.demoManager())
                .as("not the manager who opened it, not another client's or tier's technician")
                .doesNotContain(w.manager().id(), w.tier1OfB().id(), w.tier2().id());
        assertThat(recipients(p1, "QUEUED")).as("told once, as a P1").doesNotContain(w.tier1().id());

        String mine = ticket(w.tier1().http(), w.clientA(), "I raise it myself", "LOW", "LOW");
        assertThat(recipients(mine, "QUEUED")).doesNotContain(w.tier1().id());
    }

    @Test
    void assigningTellsTheAssigneeUnlessTheyTookItThemselves() {
        String id = ticket(w.manager().http(), w.clientA(), "Assign me", "LOW", "LOW");
        HttpResponse<String> assigned = assign(w.manager().http(), id, w.tier1().id(), "\"0\"");
        assertThat(recipients(id, "ASSIGNED")).containsExactly(w.tier1().id());
        assertThat(jsonString(message(id, "ASSIGNED", w.tier1().id()), "m")).contains("Assign me", "assigned to you by");

        HttpResponse<String> unassigned = assign(w.manager().http(), id, null, etag(assigned));
        assertThat(recipients(id, "QUEUED")).as("back in the queue").contains(w.tier1().id()).doesNotContain(w.tier1OfB().id());
        assign(w.tier2().http(), id, w.tier2().id(), etag(unassigned));
        assertThat(recipients(id, "ASSIGNED")).as("taking a ticket oneself tells nobody").containsExactly(w.tier1().id());
    }

    @Test
    void anEscalationReachesTheNextTiersTechniciansOnly() {
        String id = ticket(w.manager().http(), w.clientA(), "Escalate me", "LOW", "LOW");
        HttpResponse<String> escalated = w.tier1().http().json("POST", "/api/v1/tickets/" + id + "/escalations", "{\"reason\":\"Needs a specialist\"}",
                Map.of("If-Match", "\"0\""));
        assertThat(escalated.statusCode()).as(escalated.body()).isEqualTo(200);
        assertThat(recipients(id, "ESCALATED")).contains(w.tier2().id()).doesNotContain(w.tier1().id(), w.tier1OfB().id(), w.manager().id());
        assertThat(jsonString(message(id, "ESCALATED", w.tier2().id()), "m")).contains("escalated to tier 2", "Needs a specialist");
    }

    @Test
    void aClientsReplyReachesTheAssigneeAndWatchersButAStaffReplyDoesNot() {
        String id = ticket(w.portal().http(), null, "Client asks", "LOW", "LOW");
        assign(w.manager().http(), id, w.tier1().id(), "\"0\"");
        assertThat(w.tier2().http().json("PUT", "/api/v1/tickets/" + id + "/watchers/me", null).statusCode()).isEqualTo(204);
        assertThat(w.manager().http().json("POST", "/api/v1/tickets/" + id + "/replies", "{\"body\":\"We are on it.\"}").statusCode()).isBetween(200, 201);
        assertThat(recipients(id, "CLIENT_REPLY")).isEmpty();

        HttpResponse<String> answer = w.portal().http().json("POST", "/api/v1/tickets/" + id + "/replies", "{\"body\":\"It happens every morning.\"}");
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        assertThat(recipients(id, "CLIENT_REPLY")).containsExactlyInAnyOrder(w.tier1().id(), w.tier2().id());
        assertThat(jsonString(message(id, "CLIENT_REPLY", w.tier1().id()), "m")).contains("replied: It happens every morning.");
    }

    @Test
    void aMentionInAnInternalNoteReachesStaffWhoServeTheClient() {
        String id = ticket(w.manager().http(), w.clientA(), "Mention me", "LOW", "LOW");
        String note = "Ask @" + local(w.tier1().email()) + ", @" + w.tier2().firstName() + ". and @" + local(w.tier1OfB().email())
                + "; not me @" + local(w.manager().email()) + ", not mail@" + local(w.tier2().email()) + ".example";
        HttpResponse<String> noted = w.manager().http().json("POST", "/api/v1/tickets/" + id + "/replies",
                "{\"body\":\"" + note + "\",\"internal\":true}");
        assertThat(noted.statusCode()).as(noted.body()).isBetween(200, 201);
        assertThat(recipients(id, "MENTION")).containsExactlyInAnyOrder(w.tier1().id(), w.tier2().id());

        // A public reply mentions nobody: the client reads it.
        w.manager().http().json("POST", "/api/v1/tickets/" + id + "/replies", "{\"body\":\"Hello @" + local(w.tier1OfB().email()) + "\"}");
        assertThat(recipients(id, "MENTION")).hasSize(2);
    }

    @Test
    void aSubmittedChangeAsksTheStaffApproversButNotWhoeverRequestedIt() {
        HttpResponse<String> created = w.tier1().http().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + w.clientA()
                + "\",\"type\":\"CHANGE\",\"title\":\"Replace the firewall\",\"impact\":\"MEDIUM\",\"urgency\":\"MEDIUM\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = jsonString(created.body(), "id");
        assertThat(recipients(id, "QUEUED")).as("a change is announced when submitted").isEmpty();
        assertThat(w.tier1().http().json("PUT", "/api/v1/tickets/" + id + "/change/plan",
                "{\"risk\":\"LOW\",\"implementationPlan\":\"Do it\",\"backoutPlan\":\"Undo it\",\"approvalsRequired\":1}").statusCode()).isEqualTo(200);
        assertThat(w.tier1().http().json("POST", "/api/v1/tickets/" + id + "/change/submit", null).statusCode()).isEqualTo(200);
        UUID admin = UUID.fromString(jsonString(adminApi().getJson("/api/v1/users?q=" + DemoLogins.ADMIN).body(), "id"));
        assertThat(recipients(id, "CHANGE_APPROVAL")).contains(w.manager().id(), w.demoManager(), admin)
                .doesNotContain(w.tier1().id(), w.tier2().id(), w.tier1OfB().id());

        HttpResponse<String> own = w.manager().http().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + w.clientA()
                + "\",\"type\":\"CHANGE\",\"title\":\"My own change\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        String ownId = jsonString(own.body(), "id");
        w.manager().http().json("PUT", "/api/v1/tickets/" + ownId + "/change/plan",
                "{\"risk\":\"LOW\",\"implementationPlan\":\"Do it\",\"backoutPlan\":\"Undo it\",\"approvalsRequired\":1}");
        assertThat(w.manager().http().json("POST", "/api/v1/tickets/" + ownId + "/change/submit", null).statusCode()).isEqualTo(200);
        assertThat(recipients(ownId, "CHANGE_APPROVAL")).contains(w.demoManager()).doesNotContain(w.manager().id());
    }

    @Test
    void aDeviceWaitingForApprovalReachesManagersAndAdminsOfItsClient() {
        HttpResponse<String> token = adminApi().json("POST", "/api/v1/clients/" + w.clientA() + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":false}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        TestAgent agent = new TestAgent("http://localhost:" + port);
        HttpResponse<String> enrolled = agent.enroll(jsonString(token.body(), "token"), "notify-pc-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        String link = "/devices/" + jsonString(enrolled.body(), "deviceId");
        List<UUID> told = system(() -> jdbc.sql("SELECT user_id FROM notification WHERE link = ? AND kind = 'DEVICE_APPROVAL'").param(link)
                .query(UUID.class).list());
        UUID admin = UUID.fromString(jsonString(adminApi().getJson("/api/v1/users?q=" + DemoLogins.ADMIN).body(), "id"));
        assertThat(told).contains(w.manager().id(), admin).doesNotContain(w.tier1().id(), w.tier1OfB().id(), w.tier2().id());

        HttpResponse<String> approved = adminApi().json("POST", "/api/v1/clients/" + w.clientA() + "/enrollment-tokens",
                "{\"expiresInHours\":1,\"maxUses\":1,\"autoApprove\":true}");
        HttpResponse<String> auto = new TestAgent("http://localhost:" + port).enroll(jsonString(approved.body(), "token"), "notify-auto");
        assertThat(system(() -> jdbc.sql("SELECT count(*) FROM notification WHERE link = ?").param("/devices/" + jsonString(auto.body(), "deviceId"))
                .query(Long.class).single())).as("an approved device needs nobody").isZero();
    }

    @Test
    void slaWarningsGoToTheAssigneeOrTheTierAndBreachesAlsoToManagersAndWatchers() throws Exception {
        String unassigned = ticket(w.manager().http(), w.clientA(), "Warn the tier", "HIGH", "HIGH");
        dueSoon(unassigned, "sla_warn_at");
        assertThat(await(() -> recipients(unassigned, "SLA_WARNING"))).contains(w.tier1().id())
                .doesNotContain(w.tier2().id(), w.tier1OfB().id(), w.manager().id());

        String assigned = ticket(w.manager().http(), w.clientA(), "Warn the assignee", "HIGH", "HIGH");
        assign(w.manager().http(), assigned, w.tier2().id(), "\"0\"");
        assertThat(w.manager().http().json("PUT", "/api/v1/tickets/" + assigned + "/watchers/me", null).statusCode()).isEqualTo(204);
        dueSoon(assigned, "sla_warn_at");
        assertThat(await(() -> recipients(assigned, "SLA_WARNING"))).containsExactly(w.tier2().id());

        dueSoon(assigned, "sla_response_due");
        assertThat(await(() -> recipients(assigned, "SLA_BREACHED"))).contains(w.tier2().id(), w.tier1().id(), w.manager().id(), w.demoManager())
                .doesNotContain(w.tier1OfB().id());
    }

    @Test
    void aKindTurnedOffInTheAppIsNotWrittenAndPreferencesAreValidated() {
        Person tech = person("TECHNICIAN", 1, w.clientA());
        String prefs = tech.http().getJson("/api/v1/me/notification-preferences").body();
        assertThat(prefs).contains("{\"kind\":\"ASSIGNED\",\"label\":\"Assigned to you\"", "\"kind\":\"QUEUED\"");
        assertThat(prefs).containsPattern("\"kind\":\"ASSIGNED\",[^}]*\"inApp\":true,\"email\":true")
                .containsPattern("\"kind\":\"QUEUED\",[^}]*\"inApp\":true,\"email\":false")
                .containsPattern("\"kind\":\"SLA_BREACHED\",[^}]*\"email\":true");

        HttpResponse<String> off = tech.http().json("PUT", "/api/v1/me/notification-preferences", "[{\"kind\":\"QUEUED\",\"inApp\":false}]");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(off.body()).containsPattern("\"kind\":\"QUEUED\",[^}]*\"inApp\":false,\"email\":false");
        String id = ticket(w.manager().http(), w.clientA(), "Not for the quiet one", "LOW", "LOW");
        assertThat(recipients(id, "QUEUED")).contains(w.tier1().id()).doesNotContain(tech.id());

        HttpResponse<String> bad = tech.http().json("PUT", "/api/v1/me/notification-preferences", "[{\"kind\":\"QUEUED\",\"inApp\":true},{\"kind\":\"NOPE\"}]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(bad.body()).contains("NOPE");
        assertThat(tech.http().getJson("/api/v1/me/notification-preferences").body()).as("all or nothing")
                .containsPattern("\"kind\":\"QUEUED\",[^}]*\"inApp\":false");

        // The page shows the choices and saves them: boxes left unticked are off.
        String page = tech.http().page("/account/notifications");
        assertThat(page).contains("New in your queue", "name=\"email.ASSIGNED\"", "email channel");
        assertThat(tech.http().page("/account")).contains("href=\"/account/notifications\"");
        HttpResponse<String> saved = tech.http().postForm("/account/notifications", Map.of("inApp.QUEUED", "on", "email.MENTION", "on"));
        assertThat(saved.statusCode()).isEqualTo(302);
        String after = tech.http().getJson("/api/v1/me/notification-preferences").body();
        assertThat(after).containsPattern("\"kind\":\"QUEUED\",[^}]*\"inApp\":true,\"email\":false")
                .containsPattern("\"kind\":\"MENTION\",[^}]*\"inApp\":false,\"email\":true")
                .containsPattern("\"kind\":\"ASSIGNED\",[^}]*\"inApp\":false,\"email\":false");
    }

    @Test
    void theApiListsCountsOpensAndMarksOnlyMyOwnNotifications() {
        // A client of this test alone and without a contract: no SLA moment of another test's ticket can add to the count.
        String client = OwnData.client(adminApi(), "Notify API");
        Person tech = person("TECHNICIAN", 1, client);
        Person other = person("TECHNICIAN", 1, client);
        String first = ticket(w.manager().http(), client, "First for the API", "LOW", "LOW");
        String second = ticket(w.manager().http(), client, "Second for the API", "LOW", "LOW");
        Http me = tech.http();
        assertThat(me.getJson("/api/v1/me/notifications/unread-count").body()).isEqualTo("{\"unread\":2}");
        String unread = me.getJson("/api/v1/me/notifications?unread=true").body();
        assertThat(unread).contains("First for the API", "Second for the API", "\"kindLabel\":\"New in your queue\"", "\"link\":\"/tickets/" + first + "\"");
        String firstId = notificationOf(tech.id(), first);

        // Another user's notification is not there for me: 404, and it stays unread.
        String foreign = notificationOf(other.id(), second);
        assertThat(me.json("POST", "/api/v1/me/notifications/" + foreign + "/read", null).statusCode()).isEqualTo(404);
        assertThat(me.postForm("/notifications/" + foreign + "/open", Map.of()).statusCode()).isEqualTo(404);
        assertThat(system(() -> jdbc.sql("SELECT read_at IS NULL FROM notification WHERE id = ?").param(UUID.fromString(foreign))
                .query(Boolean.class).single())).isTrue();

        // The bell's fragment: just the link with its count.
        HttpResponse<String> bell = me.get("/notifications/count");
        assertThat(bell.statusCode()).isEqualTo(200);
        assertThat(bell.body()).contains("id=\"notifications-link\"", "hx-trigger=\"every 25s\"", "id=\"notifications-count\">2<")
                .doesNotContain("<header");
        assertThat(me.page("/servicedesk")).contains("id=\"notifications-count\">2<");

        // Opening one marks it read and goes to its ticket.
        HttpResponse<String> opened = me.postForm("/notifications/" + firstId + "/open", Map.of());
        assertThat(opened.statusCode()).isEqualTo(302);
        assertThat(opened.headers().firstValue("Location").orElse("")).endsWith("/tickets/" + first);
        assertThat(me.getJson("/api/v1/me/notifications/unread-count").body()).isEqualTo("{\"unread\":1}");
        assertThat(me.getJson("/api/v1/me/notifications?unread=true").body()).doesNotContain("First for the API").contains("Second for the API");
        assertThat(me.getJson("/api/v1/me/notifications").body()).contains("First for the API", "Second for the API");
        assertThat(me.page("/notifications")).contains("New in your queue", "Second for the API", "/notifications/" + firstId + "/open",
                "href=\"/account/notifications\"");

        HttpResponse<String> all = me.json("POST", "/api/v1/me/notifications/read-all", null);
        assertThat(all.body()).isEqualTo("{\"marked\":1}");
        assertThat(me.getJson("/api/v1/me/notifications/unread-count").body()).isEqualTo("{\"unread\":0}");
        assertThat(me.get("/notifications/count").body()).doesNotContain("notifications-count");
        assertThat(system(() -> jdbc.sql("SELECT read_at IS NULL FROM notification WHERE id = ?").param(UUID.fromString(foreign))
                .query(Boolean.class).single())).as("only mine were marked").isTrue();
    }

    // ---- helpers

    private Person person(String role, Integer tier, String client) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String first = "Nia" + suffix.replaceAll("[0-9]", "x");
        String email = "notify." + suffix + "@" + ("CLIENT_USER".equals(role) ? "client.example" : "msp.example");
        String body = "{\"email\":\"" + email + "\",\"displayName\":\"" + first + " Tester\",\"role\":\"" + role + "\""
                + (tier == null ? "" : ",\"supportTier\":" + tier + ",\"clientScope\":[\"" + client + "\"]")
                + ("CLIENT_USER".equals(role) ? ",\"clientId\":\"" + client + "\"" : "") + "}";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new Person(UUID.fromString(jsonString(created.body(), "id")), email, first, firstSignIn(email, jsonString(created.body(), "oneTimePassword")));
    }

    private String ticket(Http who, String client, String title, String impact, String urgency) {
        HttpResponse<String> r = who.json("POST", "/api/v1/tickets", "{" + (client == null ? "" : "\"clientId\":\"" + client + "\",")
                + "\"type\":\"INCIDENT\",\"title\":\"" + title + "\",\"impact\":\"" + impact + "\",\"urgency\":\"" + urgency + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return jsonString(r.body(), "id");
    }

    private static HttpResponse<String> assign(Http who, String ticket, UUID assignee, String version) {
        HttpResponse<String> r = who.json("PUT", "/api/v1/tickets/" + ticket + "/assignee",
                "{\"assigneeId\":" + (assignee == null ? "null" : "\"" + assignee + "\"") + "}", Map.of("If-Match", version));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private static String etag(HttpResponse<String> r) {
        return r.headers().firstValue("ETag").orElseThrow();
    }

    private Set<UUID> recipients(String ticket, String kind) {
        return Set.copyOf(system(() -> jdbc.sql("SELECT user_id FROM notification WHERE ticket_id = ? AND kind = ?")
                .params(UUID.fromString(ticket), kind).query(UUID.class).list()));
    }

    /** The message as {"m":"..."}, to read it with jsonString. */
    private String message(String ticket, String kind, UUID user) {
        String m = system(() -> jdbc.sql("SELECT message FROM notification WHERE ticket_id = ? AND kind = ? AND user_id = ?")
                .params(UUID.fromString(ticket), kind, user).query(String.class).single());
        return "{\"m\":\"" + m.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private String notificationOf(UUID user, String ticket) {
        return system(() -> jdbc.sql("SELECT id FROM notification WHERE user_id = ? AND ticket_id = ?").params(user, UUID.fromString(ticket))
                .query(UUID.class).single()).toString();
    }

    /** Moves an SLA instant of the ticket to just now, so the scheduler (every second) announces it. */
    private void dueSoon(String ticket, String column) {
        String sql = switch (column) {
            case "sla_warn_at" -> "UPDATE ticket SET sla_warn_at = ? WHERE id = ?";
            case "sla_response_due" -> "UPDATE ticket SET sla_response_due = ? WHERE id = ?";
            default -> throw new IllegalArgumentException(column);
        };
        TenantContext.runAsSystem(() -> jdbc.sql(sql).params(Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString(ticket)).update());
    }

    private static Set<UUID> await(Supplier<Set<UUID>> read) throws InterruptedException {
        Set<UUID> found = read.get();
        for (int i = 0; i < 100 && found.isEmpty(); i++) {
            Thread.sleep(100);
            found = read.get();
        }
        return found;
    }

    private static <T> T system(Supplier<T> work) {
        return TenantContext.callAsSystem(work);
    }

    private static String local(String email) {
        return email.substring(0, email.indexOf('@'));
    }
}
