package io.steward.server.alerting.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.alerting.ExternalAlert;
import io.steward.server.alerting.internal.inbound.AlertHosts;
import io.steward.server.alerting.internal.inbound.InboundAlert;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The external_alert table: occurrences of other monitors' alerts, one open per source and fingerprint. */
@Repository
public class ExternalAlertStore {
    private final JdbcClient jdbc;

    ExternalAlertStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A device of the client an alert's host names. */
    public record Match(UUID deviceId, String hostname, String criticality, UUID siteId) {
    }

    /**
     * The first of {@code hosts} that names a device of {@code client} (not retired): its hostname equal, or equal to the
     * host's first label, or the device's first label equal to the host. Only the source's client is searched, so a body
     * naming another client's device matches nothing.
     */
    public Optional<Match> device(ClientId client, List<String> hosts) {
        for (String host : hosts) {
            String shortName = AlertHosts.shortName(host);
            Optional<Match> m = jdbc.sql("""
                            SELECT id, hostname, criticality, site_id FROM device
                            WHERE client_id = ? AND status <> 'RETIRED'
                              AND (lower(hostname) = ? OR lower(hostname) = ? OR lower(split_part(hostname, '.', 1)) = ?)
                            ORDER BY (lower(hostname) = ?) DESC, hostname, id LIMIT 1""")
                    .params(client.value(), host, shortName, host, host)
                    .query((rs, n) -> new Match(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class)))
                    .optional();
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** The open occurrence of (source, fingerprint): its id and incident. */
    public record Open(UUID id, UUID ticketId, String title, int repeats) {
    }

    /**
     * Opens an occurrence ({@code window}: the maintenance window it starts in, or null); empty when one is already open
     * (a concurrent request was first).
     */
    public Optional<UUID> open(UUID source, ClientId client, Match device, InboundAlert a, UUID window, Instant now) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                        INSERT INTO external_alert (id, source_id, client_id, device_id, fingerprint, state, title, description, severity, host,
                                                    starts_at, received_at, last_received_at, suppressed_by)
                        VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (source_id, fingerprint) WHERE state = 'OPEN' DO NOTHING""")
                .params(id, source, client.value(), device == null ? null : device.deviceId(), a.fingerprint(), a.title(), a.description(),
                        a.severity(), a.hosts().isEmpty() ? null : a.hosts().getFirst(), Timestamp.from(a.startsAt()), Timestamp.from(now),
                        Timestamp.from(now), window)
                .update();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    /** Counts a repeat of the open occurrence; empty when none is open. */
    public Optional<Open> repeat(UUID source, String fingerprint, Instant now) {
        return jdbc.sql("""
                        UPDATE external_alert SET repeats = repeats + 1, last_received_at = ?
                        WHERE source_id = ? AND fingerprint = ? AND state = 'OPEN' RETURNING id, ticket_id, title, repeats""")
                .params(Timestamp.from(now), source, fingerprint)
                .query((rs, n) -> new Open(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4))).optional();
    }

    /** Resolves the open occurrence at {@code at}; empty when none is open (a resolve for an alert never seen firing). */
    public Optional<Open> resolve(UUID source, String fingerprint, Instant at) {
        return jdbc.sql("""
                        UPDATE external_alert SET state = 'RESOLVED', resolved_at = greatest(?, starts_at)
                        WHERE source_id = ? AND fingerprint = ? AND state = 'OPEN' RETURNING id, ticket_id, title, repeats""")
                .params(Timestamp.from(at), source, fingerprint)
                .query((rs, n) -> new Open(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4))).optional();
    }

    /** The incident of the newest occurrence of (source, fingerprint) that resolved at or after {@code since}, if it had one. */
    public Optional<UUID> recentTicket(UUID source, String fingerprint, Instant since) {
        return jdbc.sql("""
                        SELECT ticket_id FROM external_alert WHERE source_id = ? AND fingerprint = ? AND state = 'RESOLVED'
                          AND ticket_id IS NOT NULL AND resolved_at >= ? ORDER BY resolved_at DESC LIMIT 1""")
                .params(source, fingerprint, Timestamp.from(since)).query(UUID.class).optional();
    }

    public void attachTicket(UUID alert, UUID ticket) {
        jdbc.sql("UPDATE external_alert SET ticket_id = ? WHERE id = ?").params(ticket, alert).update();
    }

    /** Occurrences in scope, newest first, at most 500; null filters do not filter. */
    public List<ExternalAlert> list(TenantScope scope, String state, ClientId client, UUID device, UUID ticket) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        String where = TenantScope.sqlCondition("e.client_id");
        if (state != null) {
            where += " AND e.state = ?";
            p.add(state);
        }
        if (client != null) {
            where += " AND e.client_id = ?";
            p.add(client.value());
        }
        if (device != null) {
            where += " AND e.device_id = ?";
            p.add(device);
        }
        if (ticket != null) {
            where += " AND e.ticket_id = ?";
            p.add(ticket);
        }
        return jdbc.sql("""
                        SELECT e.*, s.name AS source_name, s.kind AS source_kind, c.name AS client_name, d.hostname FROM external_alert e
                        JOIN alert_source s ON s.id = e.source_id JOIN client c ON c.id = e.client_id LEFT JOIN device d ON d.id = e.device_id
                        WHERE """ + " " + where + " ORDER BY e.starts_at DESC, e.id LIMIT 500").params(p)
                .query((rs, n) -> new ExternalAlert(rs.getObject("id", UUID.class), rs.getObject("source_id", UUID.class), rs.getString("source_name"),
                        rs.getString("source_kind"), rs.getObject("client_id", UUID.class), rs.getString("client_name"),
                        rs.getObject("device_id", UUID.class), rs.getString("hostname"), rs.getString("host"), rs.getString("fingerprint"),
                        rs.getString("state"), rs.getString("title"), rs.getString("severity"), rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("received_at").toInstant(), AlertSourceRepository.instant(rs, "resolved_at"),
                        rs.getObject("ticket_id", UUID.class), rs.getInt("repeats"), rs.getObject("suppressed_by", UUID.class)))
                .list();
    }
}
