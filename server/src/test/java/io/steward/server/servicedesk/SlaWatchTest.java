package io.steward.server.servicedesk;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler announces a breach within 5 seconds of the due instant: the ticket records it and
 * the tier's technicians and the service managers get a notification, once.
 */
class SlaWatchTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBreachIsAnnouncedWithinFiveSecondsOfItsDueInstant() throws Exception {
        String alpine = jsonString(adminApi().getJson("/api/v1/clients?q=Alpine").body(), "id");
        HttpResponse<String> created = adminApi().json("POST", "/api/v1/tickets",
                "{\"clientId\":\"" + alpine + "\",\"type\":\"INCIDENT\",\"title\":\"Breach me\",\"impact\":\"HIGH\",\"urgency\":\"HIGH\"}");
        UUID id = UUID.fromString(jsonString(created.body(), "id"));
        // Premium P1: first response within 15 minutes, 24x7. Pretend the ticket came in 15 minutes less 3 seconds ago.
        Instant due = Instant.now().plusSeconds(3);
        Instant opened = due.minus(Duration.ofMinutes(15));
        TenantContext.runAsSystem(() -> {
            jdbc.sql("UPDATE ticket SET opened_at = ?, sla_response_due = ? WHERE id = ?")
                    .params(Timestamp.from(opened), Timestamp.from(due), id).update();
            jdbc.sql("UPDATE ticket_event SET at = ? WHERE ticket_id = ? AND kind = 'CREATED'").params(Timestamp.from(opened), id).update();
        });

        Instant announced = null;
        for (int i = 0; i < 100 && announced == null; i++) {
            Thread.sleep(100);
            announced = TenantContext.callAsSystem(() -> jdbc.sql("SELECT min(created_at) FROM notification WHERE ticket_id = ? AND kind = 'SLA_BREACHED'")
                    .param(id).query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null));
        }
        assertThat(announced).as("breach announced").isNotNull();
        assertThat(Duration.between(due, announced)).isLessThan(Duration.ofSeconds(5)).isGreaterThanOrEqualTo(Duration.ZERO);

        HttpResponse<String> ticket = adminApi().getJson("/api/v1/tickets/" + id);
        assertThat(ticket.body()).contains("\"state\":\"BREACHED\"", "\"breachedAt\"");
        Http manager = signedIn(DemoLogins.MANAGER);
        assertThat(manager.getJson("/api/v1/me/notifications").body()).contains("Breach me", "SLA_BREACHED");
        assertThat(manager.page("/notifications")).contains("Breach me");
        Thread.sleep(2500);
        long count = TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM notification WHERE ticket_id = ? AND kind = 'SLA_BREACHED'")
                .param(id).query(Long.class).single());
        // Unassigned and unwatched: the service managers and the technicians of the ticket's tier (1) serving the client.
        long recipients = recipients(alpine, 1);
        assertThat(count).as("announced once per recipient").isEqualTo(recipients);
        // The breach moved the ticket to the next tier's queue; a later breach is that tier's.
        int tier = TenantContext.callAsSystem(() -> jdbc.sql("SELECT tier FROM ticket WHERE id = ?").param(id).query(Integer.class).single());
        long total = recipients + recipients(alpine, tier);

        // A new due instant (as after a change of priority) is a new moment: announced again, once.
        Instant later = Instant.now().plusSeconds(1);
        TenantContext.runAsSystem(() -> jdbc.sql("UPDATE ticket SET sla_state = 'RUNNING', sla_breached_at = NULL, sla_response_due = ? WHERE id = ?")
                .params(Timestamp.from(later), id).update());
        long again = 0;
        for (int i = 0; i < 100 && again < total; i++) {
            Thread.sleep(100);
            again = TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM notification WHERE ticket_id = ? AND kind = 'SLA_BREACHED'")
                    .param(id).query(Long.class).single());
        }
        assertThat(again).as("the new due instant announced").isEqualTo(total);
        Thread.sleep(2500);
        long finalCount = TenantContext.callAsSystem(() -> jdbc.sql("SELECT count(*) FROM notification WHERE ticket_id = ? AND kind = 'SLA_BREACHED'")
                .param(id).query(Long.class).single());
        assertThat(finalCount).as("and only once").isEqualTo(total);
    }

    private long recipients(String client, int tier) {
        return TenantContext.callAsSystem(() -> jdbc.sql("""
                        SELECT count(*) FROM app_user u WHERE u.enabled AND (u.role = 'SERVICE_MANAGER' OR (u.role = 'TECHNICIAN' AND u.support_tier = ?))
                          AND (NOT u.scope_restricted OR EXISTS (SELECT 1 FROM user_client_scope s WHERE s.user_id = u.id AND s.client_id = ?))""")
                .params(tier, UUID.fromString(client)).query(Long.class).single());
    }
}
