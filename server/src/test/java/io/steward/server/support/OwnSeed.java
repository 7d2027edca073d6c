package io.steward.server.support;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.steward.server.shared.TenantContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * More of a test's own data (see {@link OwnData}): contracts, incidents, technicians limited to the test's clients,
 * device rows at chosen instants, and the clean-up that keeps a test's overdue tickets out of every other test's lists.
 */
public final class OwnSeed {
    /** The seeded Premium tier (P1: response 15 minutes, resolution 4 hours) and the around-the-clock calendar. */
    public static final String PREMIUM = "00000000-0000-4000-8000-0000000071e3";
    public static final String CALENDAR_24X7 = "00000000-0000-4000-8000-00000000ca02";

    private OwnSeed() {
    }

    /** Deletes the clients with everything they own. */
    public static void deleteClients(Http admin, String... clientIds) {
        for (String client : clientIds) {
            HttpResponse<String> r = admin.json("DELETE", "/api/v1/clients/" + client, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }
    }

    /** A Premium contract around the clock from {@code startsOn} until {@code endsOn} (null: open-ended). */
    public static void premiumContract(Http admin, String clientId, String reference, String startsOn, String endsOn) {
        HttpResponse<String> r = admin.json("POST", "/api/v1/clients/" + clientId + "/contracts", """
                {"reference":"%s","deliveryModel":"FULLY_MANAGED","tierId":"%s","calendarId":"%s","startsOn":"%s",%s
                 "pricingModel":"FLAT_FEE","priceAmount":1000,"currency":"EUR"}""".formatted(reference, PREMIUM, CALENDAR_24X7, startsOn,
                endsOn == null ? "" : "\"endsOn\":\"" + endsOn + "\","));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** An incident made through the API (HIGH and HIGH make a P1); returns its id. */
    public static String incident(Http admin, String clientId, String title, String impact, String urgency) {
        HttpResponse<String> created = admin.json("POST", "/api/v1/tickets", "{\"clientId\":\"" + clientId + "\",\"type\":\"INCIDENT\",\"title\":\""
                + title + "\",\"impact\":\"" + impact + "\",\"urgency\":\"" + urgency + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return jsonString(created.body(), "id");
    }

    /** A new tier-1 technician limited to some clients, not signed in yet. */
    public record Technician(String id, String email, String oneTimePassword) {
    }

    public static Technician technician(Http admin, String... clientIds) {
        String email = "own-tech-" + UUID.randomUUID().toString().substring(0, 8) + "@msp.example";
        HttpResponse<String> r = admin.json("POST", "/api/v1/users", "{\"email\":\"" + email + "\",\"displayName\":\"Own Tech\","
                + "\"role\":\"TECHNICIAN\",\"supportTier\":1,\"clientScope\":[\"" + String.join("\",\"", clientIds) + "\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new Technician(jsonString(r.body(), "id"), email, jsonString(r.body(), "oneTimePassword"));
    }

    /** Switches a user off, before the clients of their scope are deleted. */
    public static void disableUser(Http admin, String userId) {
        String version = admin.getJson("/api/v1/users/" + userId).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> off = admin.json("PUT", "/api/v1/users/" + userId + "/enabled", "{\"enabled\":false}", Map.of("If-Match", version));
        assertThat(off.statusCode()).as(off.body()).isIn(200, 204);
    }

    /**
     * A device row written directly (no agent can have been heard from at a chosen instant): status APPROVED, PENDING or
     * RETIRED, last seen at {@code lastSeen} (null: never). Returns its id.
     */
    public static String deviceRow(JdbcClient jdbc, String clientId, String hostname, String status, Instant lastSeen, Instant now) {
        UUID id = UUID.randomUUID();
        TenantContext.runAsSystem(() -> jdbc.sql("""
                        INSERT INTO device (id, client_id, hostname, public_key, key_fingerprint, status, enrolled_at, last_seen_at, retired_at)
                        VALUES (?, ?, ?, 'not-a-key', ?, ?, ?, ?, ?)""")
                .params(id, UUID.fromString(clientId), hostname, "fp-" + id, status, ts(now.minus(Duration.ofDays(2))), ts(lastSeen),
                        "RETIRED".equals(status) ? ts(now.minus(Duration.ofDays(1))) : null).update());
        return id.toString();
    }

    /** A timestamp parameter; null stays null. */
    public static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
