package io.steward.server.notify.internal.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The webhook_delivery and webhook_attempt tables: the outbox of webhooks and their delivery log. */
@Repository
public class DeliveryRepository {
    private static final String SELECT = """
            SELECT d.id, d.message_id, d.endpoint_id, d.client_id, d.event_type, d.status, d.attempts, d.next_attempt_at, d.created_at,
                   d.payload::text AS payload
              FROM webhook_delivery d
             WHERE\s""" + TenantScope.sqlCondition("d.client_id") + " OR d.client_id IS NULL";

    private final JdbcClient jdbc;

    DeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, String messageId, UUID endpointId, UUID clientId, String eventType, String payloadJson, Instant now) {
        jdbc.sql("""
                        INSERT INTO webhook_delivery (id, message_id, endpoint_id, client_id, event_type, payload, next_attempt_at, created_at)
                        VALUES (?, ?, ?, ?, ?, CAST(? AS json), ?, ?)""")
                .params(id, messageId, endpointId, clientId, eventType, payloadJson, Timestamp.from(now), Timestamp.from(now)).update();
    }

    /**
     * Leases up to {@code limit} due deliveries of enabled endpoints until {@code now + lease}. Rows another node holds
     * are skipped, not waited for, so passes on several nodes share the work.
     */
    List<Claimed> claim(Instant now, Duration lease, int limit) {
        return jdbc.sql("""
                        WITH due AS (
                            SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                             WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now AND (d.leased_until IS NULL OR d.leased_until <= :now)
                               AND e.enabled
                             ORDER BY d.next_attempt_at
                             LIMIT :limit
                               FOR UPDATE OF d SKIP LOCKED)
                        UPDATE webhook_delivery d SET leased_until = :until FROM due, webhook_endpoint e
                         WHERE d.id = due.id AND e.id = d.endpoint_id
                        RETURNING d.id, d.message_id, d.client_id, d.event_type, d.payload::text AS payload, d.attempts, d.leased_until, e.id AS endpoint_id,
                                  e.url, e.format, e.allow_private_network, e.secret_sealed, e.previous_secret_sealed, e.previous_secret_until""")
                .param("now", Timestamp.from(now)).param("until", Timestamp.from(now.plus(lease))).param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getString("message_id"), rs.getObject("client_id", UUID.class),
                        rs.getString("event_type"), rs.getString("payload"), rs.getInt("attempts"), rs.getObject("endpoint_id", UUID.class),
                        rs.getString("url"), WebhookFormat.valueOf(rs.getString("format")), rs.getBoolean("allow_private_network"),
                        rs.getString("secret_sealed"), rs.getString("previous_secret_sealed"), instant(rs, "previous_secret_until"),
                        instant(rs, "leased_until")))
                .list();
    }

    /**
     * Keeps one attempt and moves the delivery on: to {@code status}, due again at {@code nextAttempt} while PENDING; but
     * only while this claim's lease still holds it, so an attempt that outlived its lease (another node or a replay took
     * the delivery since) is logged without overwriting the newer state.
     */
    void recordAttempt(Claimed c, Instant at, Integer httpStatus, long durationMs, String error, String excerpt, String status, Instant nextAttempt) {
        jdbc.sql("""
                        INSERT INTO webhook_attempt (id, delivery_id, client_id, at, http_status, duration_ms, error, response_excerpt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), c.id(), c.clientId(), Timestamp.from(at), httpStatus, (int) Math.min(durationMs, Integer.MAX_VALUE),
                        error, excerpt)
                .update();
        jdbc.sql("UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, next_attempt_at = ?, leased_until = NULL WHERE id = ? AND leased_until = ?")
                .params(status, nextAttempt == null ? null : Timestamp.from(nextAttempt), c.id(), Timestamp.from(c.leasedUntil())).update();
    }

    /** Due again at {@code now}, keeping its webhook-id; false when the scope does not see it or an attempt is in flight. */
    boolean replay(TenantScope scope, UUID id, Instant now) {
        List<Object> p = new ArrayList<>();
        p.add(Timestamp.from(now));
        p.add(id);
        p.addAll(scope.sqlParams());
        p.add(Timestamp.from(now));
        return jdbc.sql("UPDATE webhook_delivery d SET status = 'PENDING', next_attempt_at = ?, leased_until = NULL WHERE d.id = ? AND ("
                        + TenantScope.sqlCondition("d.client_id") + " OR d.client_id IS NULL) AND (d.leased_until IS NULL OR d.leased_until <= ?)")
                .params(p).update() == 1;
    }

    /** The newest deliveries of an endpoint (at most {@code limit}), with their attempts; {@code status} null for all. */
    List<WebhookDelivery> ofEndpoint(TenantScope scope, UUID endpointId, String status, int limit) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(endpointId);
        String only = "";
        if (status != null) {
            only = " AND d.status = ?";
            p.add(status);
        }
        p.add(limit);
        return withAttempts(jdbc.sql("SELECT * FROM (" + SELECT + ") d WHERE d.endpoint_id = ?" + only + " ORDER BY d.created_at DESC, d.id LIMIT ?")
                .params(p).query(DeliveryRepository::row).list());
    }

    Optional<WebhookDelivery> find(TenantScope scope, UUID id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id);
        return withAttempts(jdbc.sql("SELECT * FROM (" + SELECT + ") d WHERE d.id = ?").params(p).query(DeliveryRepository::row).list())
                .stream().findFirst();
    }

    private List<WebhookDelivery> withAttempts(List<WebhookDelivery> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<UUID, List<WebhookDelivery.DeliveryAttempt>> attempts = new HashMap<>();
        jdbc.sql("""
                        SELECT delivery_id, at, http_status, duration_ms, error, response_excerpt FROM webhook_attempt
                         WHERE delivery_id = ANY(CAST(? AS uuid[])) ORDER BY at, id""")
                .param(rows.stream().map(d -> d.id().toString()).collect(Collectors.joining(",", "{", "}")))
                .query((ResultSet rs) -> {
                    Integer code = rs.getObject("http_status", Integer.class);
                    attempts.computeIfAbsent(rs.getObject("delivery_id", UUID.class), k -> new ArrayList<>())
                            .add(new WebhookDelivery.DeliveryAttempt(rs.getTimestamp("at").toInstant(), code, rs.getInt("duration_ms"),
                                    rs.getString("error"), rs.getString("response_excerpt")));
                });
        return rows.stream().map(d -> new WebhookDelivery(d.id(), d.messageId(), d.endpointId(), d.clientId(), d.eventType(), d.status(),
                d.attemptCount(), d.nextAttemptAt(), d.createdAt(), d.payload(), attempts.getOrDefault(d.id(), List.of()))).toList();
    }

    private static WebhookDelivery row(ResultSet rs, int n) throws SQLException {
        return new WebhookDelivery(rs.getObject("id", UUID.class), rs.getString("message_id"), rs.getObject("endpoint_id", UUID.class),
                rs.getObject("client_id", UUID.class), rs.getString("event_type"), rs.getString("status"), rs.getInt("attempts"),
                instant(rs, "next_attempt_at"), rs.getTimestamp("created_at").toInstant(), rs.getString("payload"), List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** A delivery leased for one attempt, with what its endpoint needs to send it. */
    record Claimed(UUID id, String messageId, UUID clientId, String eventType, String payload, int attempts, UUID endpointId, String url,
                   WebhookFormat format, boolean allowPrivateNetwork, String secretSealed, String previousSecretSealed, Instant previousSecretUntil,
                   Instant leasedUntil) {
    }
}
