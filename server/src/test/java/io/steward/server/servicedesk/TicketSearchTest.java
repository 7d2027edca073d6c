package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding tickets (issue 15): by number, text, replies, notes, requester, client and device, in every status, within the
 * searcher's scope only. Each test makes its own clients, contact, device and tickets, and searches for words only they
 * contain, so the demo's and other tests' tickets never decide a result.
 */
class TicketSearchTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;

    String clientA;
    String clientAName;
    String clientB;
    /** Words that occur only in this test's tickets. */
    String titleWord;
    String replyWord;
    String noteWord;
    String otherWord;
    String requesterName;
    String hostname;
    long numberA;
    long numberB;
    long resolvedNumber;
    long deviceTicketNumber;

    @BeforeEach
    void seed() {
        Random random = new Random();
        titleWord = word(random);
        replyWord = word(random);
        noteWord = word(random);
        otherWord = word(random);
        requesterName = "Quist" + word(random);
        hostname = "srv-" + word(random);
        clientA = OwnData.client(adminApi(), "Search A");
        clientAName = jsonString(adminApi().getJson("/api/v1/clients/" + clientA).body(), "name");
        clientB = OwnData.client(adminApi(), "Search B");

        HttpResponse<String> contact = adminApi().json("POST", "/api/v1/clients/" + clientA + "/contacts",
                "{\"firstName\":\"Zebulon\",\"lastName\":\"" + requesterName + "\",\"email\":\"" + requesterName.toLowerCase() + "@client.example\"}");
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);
        String contactId = jsonString(contact.body(), "id");

        JsonNode a = raise(clientA, "Printer " + titleWord + " jams", ",\"requesterId\":\"" + contactId + "\"");
        numberA = a.get("number").asLong();
        String idA = a.get("id").asString();
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + idA + "/replies", "{\"body\":\"Tried the " + replyWord + " tray.\"}")
                .statusCode()).isEqualTo(200);
        assertThat(adminApi().json("POST", "/api/v1/tickets/" + idA + "/replies", "{\"body\":\"Vendor " + noteWord + " knows.\",\"internal\":true}")
                .statusCode()).isEqualTo(200);

        JsonNode resolved = raise(clientA, "Scanner " + titleWord + " offline", "");
        resolvedNumber = resolved.get("number").asLong();
        HttpResponse<String> r = adminApi().json("PUT", "/api/v1/tickets/" + resolved.get("id").asString() + "/status",
                "{\"status\":\"RESOLVED\",\"resolutionNote\":\"Power cycled.\"}", Map.of("If-Match", "\"" + resolved.get("version").asInt() + "\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        JsonNode deviceTicket = raise(clientA, "Disk filling up", "");
        deviceTicketNumber = deviceTicket.get("number").asLong();
        linkDevice(clientA, hostname, deviceTicket.get("id").asString());

        JsonNode b = raise(clientB, "Other " + otherWord + " and " + titleWord, "");
        numberB = b.get("number").asLong();
    }

    @Test
    void theNumberInAnyWrittenFormFindsThatTicketFirst() {
        for (String q : new String[] {"T-" + numberA, "t" + numberA, "#" + numberA, String.valueOf(numberA), " t-" + numberA + " "}) {
            List<Long> found = numbers(adminApi(), "q=" + enc(q));
            assertThat(found).as(q).isNotEmpty();
            assertThat(found.getFirst()).as(q).isEqualTo(numberA);
        }
        // A resolved ticket is found by number too: a search covers every status.
        assertThat(numbers(adminApi(), "q=T-" + resolvedNumber).getFirst()).isEqualTo(resolvedNumber);
    }

    @Test
    void textRepliesNotesRequesterClientAndDeviceAreSearchedInEveryStatus() {
        assertThat(numbers(adminApi(), "q=" + titleWord + "&clientId=" + clientA)).containsExactlyInAnyOrder(numberA, resolvedNumber);
        // Every word is a prefix, all must match.
        assertThat(numbers(adminApi(), "q=" + enc("print " + titleWord.substring(0, 5)) + "&clientId=" + clientA)).containsExactly(numberA);
        assertThat(numbers(adminApi(), "q=" + replyWord)).containsExactly(numberA);
        assertThat(numbers(adminApi(), "q=" + noteWord)).containsExactly(numberA);
        assertThat(numbers(adminApi(), "q=" + enc(requesterName.substring(2)))).containsExactly(numberA);
        assertThat(numbers(adminApi(), "q=" + enc(requesterName.toLowerCase() + "@client"))).containsExactly(numberA);
        assertThat(numbers(adminApi(), "q=" + enc(hostname.toUpperCase()))).containsExactly(deviceTicketNumber);
        assertThat(numbers(adminApi(), "q=" + enc(clientAName))).containsExactlyInAnyOrder(numberA, resolvedNumber, deviceTicketNumber);
        // An explicit status still narrows a search; without q the list stays on open tickets.
        assertThat(numbers(adminApi(), "q=" + titleWord + "&clientId=" + clientA + "&status=RESOLVED")).containsExactly(resolvedNumber);
        assertThat(numbers(adminApi(), "clientId=" + clientA)).containsExactlyInAnyOrder(numberA, deviceTicketNumber);
        // Characters that mean something to SQL or to a tsquery are only text.
        for (String odd : new String[] {"%", "_", "'", "a & | ! :*", "\\", "(("}) {
            HttpResponse<String> r = adminApi().getJson("/api/v1/tickets?clientId=" + clientA + "&q=" + enc(odd));
            assertThat(r.statusCode()).as(odd + ": " + r.body()).isEqualTo(200);
        }
        assertThat(numbers(adminApi(), "clientId=" + clientA + "&q=" + enc("%%%"))).isEmpty();
    }

    @Test
    void searchResultsComeNewestFirstUnlessTheSearcherSortsThem() {
        assertThat(resolvedNumber).isGreaterThan(numberA);
        assertThat(numbers(adminApi(), "q=" + titleWord + "&clientId=" + clientA)).containsExactly(resolvedNumber, numberA);
        assertThat(numbers(adminApi(), "q=" + titleWord + "&clientId=" + clientA + "&sort=number")).containsExactly(numberA, resolvedNumber);
    }

    @Test
    void aScopedTechnicianNeverFindsAnotherClientsTicket() {
        String email = "search-tech-" + UUID.randomUUID().toString().substring(0, 8) + "@msp.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"Search Tech\","
                + "\"role\":\"TECHNICIAN\",\"supportTier\":1,\"clientScope\":[\"" + clientB + "\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Http tech = firstSignIn(email, jsonString(created.body(), "oneTimePassword"));

        assertThat(numbers(tech, "q=" + titleWord)).containsExactly(numberB);
        for (String q : new String[] {"T-" + numberA, String.valueOf(numberA), replyWord, noteWord, requesterName, hostname, clientAName}) {
            assertThat(numbers(tech, "q=" + enc(q))).as(q).doesNotContain(numberA, resolvedNumber, deviceTicketNumber);
            assertThat(numbers(tech, "q=" + enc(q) + "&status=all")).as(q).doesNotContain(numberA, resolvedNumber, deviceTicketNumber);
        }
        // The header's number search opens only a ticket the technician may see.
        HttpResponse<String> page = tech.get("/servicedesk?q=T-" + numberA);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(titleWord);
        assertThat(tech.get("/servicedesk?q=T-" + numberB).statusCode()).isEqualTo(302);
    }

    @Test
    void aClientContactFindsPublicRepliesButNeverInternalNotes() {
        String email = "search-portal-" + UUID.randomUUID().toString().substring(0, 8) + "@client.example";
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"Portal Person\","
                + "\"role\":\"CLIENT_USER\",\"clientId\":\"" + clientA + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Http contact = firstSignIn(email, jsonString(created.body(), "oneTimePassword"));

        assertThat(numbers(contact, "q=" + replyWord)).containsExactly(numberA);
        assertThat(numbers(contact, "q=" + noteWord)).isEmpty();
        assertThat(numbers(contact, "q=" + noteWord + "&status=all")).isEmpty();
        assertThat(numbers(contact, "q=" + titleWord)).containsExactlyInAnyOrder(numberA, resolvedNumber);
        assertThat(numbers(contact, "q=" + otherWord)).isEmpty();
        assertThat(numbers(contact, "q=T-" + numberB)).doesNotContain(numberB);
    }

    @Test
    void theQueuePageSearchesAndABareNumberOpensTheTicket() {
        Http tech = admin();
        HttpResponse<String> jump = tech.get("/servicedesk?q=T-" + numberA);
        assertThat(jump.statusCode()).isEqualTo(302);
        assertThat(jump.headers().firstValue("Location").orElseThrow()).endsWith("/tickets/" + jsonString(adminApi()
                .getJson("/api/v1/tickets?q=" + numberA).body(), "id"));
        String found = tech.page("/servicedesk?q=" + titleWord + "&clientId=" + clientA);
        assertThat(found).contains("T-" + numberA, "T-" + resolvedNumber, "id=\"header-search\"").doesNotContain("T-" + numberB + "<");
        // Live search from the queue (htmx) lists rather than jumps.
        HttpResponse<String> rows = tech.send(tech.builder("/servicedesk?q=" + numberA).header("HX-Request", "true").GET());
        assertThat(rows.statusCode()).isEqualTo(200);
        assertThat(rows.body()).contains("T-" + numberA);
    }

    @Test
    void theMatchOperatorsAreLeakproofSoSearchesUnderRowLevelSecurityCanUseTheirIndexes() {
        // Without this a search reads every ticket and reply in scope (EXPLAIN showed sequential scans on 40,000 tickets).
        List<Boolean> leakproof = TenantContext.callAsSystem(() -> jdbc.sql(
                "SELECT proleakproof FROM pg_proc WHERE oid IN ('pg_catalog.ts_match_vq'::regproc, 'pg_catalog.texticlike'::regproc)")
                .query(Boolean.class).list());
        assertThat(leakproof).containsExactly(true, true);
    }

    private JsonNode raise(String client, String title, String extra) {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + client + "\",\"type\":\"INCIDENT\",\"title\":\""
                + title + "\",\"impact\":\"LOW\",\"urgency\":\"LOW\"" + extra + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    /** A device of the client whose alert raised the ticket, as the alerting module would record it. */
    private void linkDevice(String client, String host, String ticketId) {
        UUID device = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        TenantContext.runAsSystem(() -> {
            jdbc.sql("""
                    INSERT INTO device (id, client_id, hostname, public_key, key_fingerprint, status, enrolled_at, last_seen_at)
                    VALUES (?, ?, ?, 'not-a-key', ?, 'APPROVED', ?, ?)""")
                    .params(device, UUID.fromString(client), host, "fp-" + device, now, now).update();
            UUID policy = jdbc.sql("SELECT id FROM alert_policy ORDER BY id LIMIT 1").query(UUID.class).single();
            jdbc.sql("""
                    INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value, ticket_id)
                    VALUES (?, ?, ?, ?, '', 'OPEN', ?, 95, ?)""")
                    .params(UUID.randomUUID(), device, UUID.fromString(client), policy, now, UUID.fromString(ticketId)).update();
        });
    }

    static List<Long> numbers(Http who, String query) {
        HttpResponse<String> r = who.getJson("/api/v1/tickets?size=200&" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Long> numbers = new ArrayList<>();
        JSON.readTree(r.body()).get("items").forEach(t -> numbers.add(t.get("number").asLong()));
        return numbers;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String word(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }
}
