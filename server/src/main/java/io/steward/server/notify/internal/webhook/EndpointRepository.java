package io.steward.server.notify.internal.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.steward.server.shared.Forget;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The webhook_endpoint table: MSP-wide rows for every scope that may read them, a client's rows within the scope that sees that client. */
@Repository
public class EndpointRepository {
    private static final String SELECT = """
            SELECT e.id, e.client_id, c.name AS client_name, e.name, e.url, e.format, e.event_types, e.enabled, e.disabled_reason,
                   e.allow_private_network, e.previous_secret_until, e.created_at, e.updated_at, e.version
              FROM webhook_endpoint e LEFT JOIN client c ON c.id = e.client_id
             WHERE (e.client_id IS NULL OR\s""" + TenantScope.sqlCondition("e.client_id") + ")";

    /** How long a node trusts that no endpoint of a client hears an event type; changes through this node apply at once. */
    static final long QUIET_TTL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final UUID NO_CLIENT = new UUID(0, 0);

    private final JdbcClient jdbc;
    /** Per client (NO_CLIENT: events about none), the event types some enabled endpoint hears, and when that was read. */
    private final Map<UUID, Heard> heard = new ConcurrentHashMap<>();

    private record Heard(Set<String> types, long readAt) {
    }

    EndpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The endpoints of the scope; with {@code onlyClient}, only that client's. */
    public List<WebhookEndpoint> list(TenantScope scope, UUID onlyClient) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        String only = "";
        if (onlyClient != null) {
            only = " AND e.client_id = ?";
            p.add(onlyClient);
        }
        return jdbc.sql(SELECT + only + " ORDER BY c.name NULLS FIRST, lower(e.name)").params(p).query(EndpointRepository::map).list();
    }

    public Optional<WebhookEndpoint> find(TenantScope scope, UUID id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id);
        return jdbc.sql(SELECT + " AND e.id = ?").params(p).query(EndpointRepository::map).optional();
    }

    /**
     * The enabled endpoints that hear {@code eventType} about {@code clientId}: the MSP's and that client's own. Most
     * events (an alert flood's) have no endpoint listening: which types a client's endpoints hear is kept for a few
     * seconds, so those cost no query; when one may listen, the table answers.
     */
    List<UUID> listening(UUID clientId, String eventType) {
        if (!mayHear(clientId, eventType)) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT id FROM webhook_endpoint
                         WHERE enabled AND :type = ANY(event_types) AND (client_id IS NULL OR client_id = :client)""")
                .param("type", eventType).param("client", clientId).query(UUID.class).list();
    }

    void insert(UUID id, Values v, String sealedSecret, Instant now) {
        forgetHeard();
        jdbc.sql("""
                        INSERT INTO webhook_endpoint (id, client_id, name, url, format, event_types, secret_sealed, enabled, allow_private_network,
                                                      created_at, updated_at)
                        VALUES (:id, :client, :name, :url, :format, CAST(:types AS text[]), :secret, true, :private, :now, :now)""")
                .param("id", id).param("client", v.clientId()).param("name", v.name()).param("url", v.url()).param("format", v.format().name())
                .param("types", textArray(v.eventTypes())).param("secret", sealedSecret).param("private", v.allowPrivateNetwork())
                .param("now", Timestamp.from(now)).update();
    }

    /** Replaces the fields if the endpoint is still at {@code expectedVersion}; false otherwise. */
    boolean update(UUID id, Values v, boolean enabled, String disabledReason, int expectedVersion, Instant now) {
        forgetHeard();
        return jdbc.sql("""
                        UPDATE webhook_endpoint SET client_id = :client, name = :name, url = :url, format = :format, event_types = CAST(:types AS text[]),
                               allow_private_network = :private, enabled = :enabled, disabled_reason = :reason, updated_at = :now, version = version + 1
                         WHERE id = :id AND version = :version""")
                .param("client", v.clientId()).param("name", v.name()).param("url", v.url()).param("format", v.format().name())
                .param("types", textArray(v.eventTypes())).param("private", v.allowPrivateNetwork()).param("enabled", enabled)
                .param("reason", disabledReason).param("now", Timestamp.from(now)).param("id", id).param("version", expectedVersion)
                .update() == 1;
    }

    void setEnabled(UUID id, boolean enabled, String reason, Instant now) {
        forgetHeard();
        jdbc.sql("UPDATE webhook_endpoint SET enabled = ?, disabled_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?")
                .params(enabled, enabled ? null : reason, Timestamp.from(now), id).update();
    }

    /** The new secret signs from now on; the old one beside it until {@code previousUntil}. */
    void rotate(UUID id, String newSealed, Instant previousUntil, Instant now) {
        jdbc.sql("""
                        UPDATE webhook_endpoint SET previous_secret_sealed = secret_sealed, previous_secret_until = ?, secret_sealed = ?,
                               updated_at = ?, version = version + 1
                         WHERE id = ?""")
                .params(Timestamp.from(previousUntil), newSealed, Timestamp.from(now), id).update();
    }

    boolean delete(UUID id) {
        forgetHeard();
        return jdbc.sql("DELETE FROM webhook_endpoint WHERE id = ?").param(id).update() == 1;
    }

    /** Whether some enabled endpoint may hear {@code eventType} about {@code clientId} (false: none does, as read at most seconds ago). */
    boolean mayHear(UUID clientId, String eventType) {
        UUID key = clientId == null ? NO_CLIENT : clientId;
        Heard h = heard.get(key);
        if (h == null || System.nanoTime() - h.readAt() > QUIET_TTL_NANOS) {
            long at = System.nanoTime();
            h = new Heard(Set.copyOf(jdbc.sql("""
                            SELECT DISTINCT unnest(event_types) FROM webhook_endpoint WHERE enabled AND (client_id IS NULL OR client_id = :client)""")
                    .param("client", clientId).query(String.class).list()), at);
            heard.put(key, h);
        }
        return h.types().contains(eventType);
    }

    /** An endpoint changed: every client's heard types are read again (now and after the change commits). */
    private void forgetHeard() {
        Forget.nowAndAfterTransaction(heard::clear);
    }

    /** An endpoint's fields as checked by the service. */
    record Values(UUID clientId, String name, String url, WebhookFormat format, List<String> eventTypes, boolean allowPrivateNetwork) {
    }

    static String textArray(List<String> values) {
        // Codes come from the application's own list (letters, dots, underscores): no quoting is needed.
        return String.join(",", values.stream().map(v -> "\"" + v + "\"").toList()).transform(s -> "{" + s + "}");
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static WebhookEndpoint map(ResultSet rs, int n) throws SQLException {
        Timestamp until = rs.getTimestamp("previous_secret_until");
        return new WebhookEndpoint(rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class), rs.getString("client_name"),
                rs.getString("name"), rs.getString("url"), WebhookFormat.valueOf(rs.getString("format")), strings(rs.getArray("event_types")),
                rs.getBoolean("enabled"), rs.getString("disabled_reason"), rs.getBoolean("allow_private_network"),
                until == null ? null : until.toInstant(), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
    }
}
