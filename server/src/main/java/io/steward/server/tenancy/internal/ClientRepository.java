package io.steward.server.tenancy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.TenantScope;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientStatus;
import io.steward.server.tenancy.ClientSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for clients; every statement carries the scope condition as well as row-level security. */
@Repository
public class ClientRepository {
    public static final Map<String, String> SORTABLE = Map.of("name", "lower(name)", "createdAt", "created_at", "status", "status",
            "timeZone", "time_zone");
    private static final String IN_SCOPE = TenantScope.sqlCondition("id");

    private final JdbcClient jdbc;

    public ClientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Page<Client> list(TenantScope scope, String text, ClientStatus status, PageQuery page) {
        StringBuilder where = new StringBuilder(IN_SCOPE);
        List<Object> params = new ArrayList<>(scope.sqlParams());
        if (text != null && !text.isBlank()) {
            where.append(" AND name ILIKE ?");
            params.add(io.steward.server.shared.Like.contains(text));
        }
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status.name());
        }
        long total = jdbc.sql("SELECT count(*) FROM client WHERE " + where).params(params).query(Long.class).single();
        params.add(page.size());
        params.add(page.offset());
        List<Client> items = jdbc.sql("SELECT * FROM client WHERE " + where + " ORDER BY " + page.orderBy() + ", id LIMIT ? OFFSET ?")
                .params(params).query(ClientRepository::map).list();
        return new Page<>(items, page.page(), page.size(), total);
    }

    public List<ClientSummary> summaries(TenantScope scope) {
        return jdbc.sql("SELECT id, name FROM client WHERE " + IN_SCOPE + " ORDER BY lower(name)").params(scope.sqlParams())
                .query((rs, n) -> new ClientSummary(new ClientId(rs.getObject(1, UUID.class)), rs.getString(2))).list();
    }

    public Optional<Client> find(TenantScope scope, ClientId id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id.value());
        return jdbc.sql("SELECT * FROM client WHERE " + IN_SCOPE + " AND id = ?").params(params).query(ClientRepository::map).optional();
    }

    public void insert(Client c) {
        jdbc.sql("INSERT INTO client (id, name, time_zone, status, notes, portal_shows_alert_tickets, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.id().value(), c.name(), c.timeZone(), c.status().name(), c.notes(), c.portalShowsAlertTickets(), Timestamp.from(c.createdAt()),
                        Timestamp.from(c.updatedAt()))
                .update();
    }

    public boolean update(TenantScope scope, Client c, int expectedVersion, Instant now) {
        List<Object> params = new ArrayList<>(List.of(c.name(), c.timeZone(), c.status().name(), c.notes(),
                c.portalShowsAlertTickets(), Timestamp.from(now)));
        params.addAll(scope.sqlParams());
        params.add(c.id().value());
        params.add(expectedVersion);
        return jdbc.sql("UPDATE client SET name = ?, time_zone = ?, status = ?, notes = ?, portal_shows_alert_tickets = ?, updated_at = ?, version = version + 1 WHERE "
                + IN_SCOPE + " AND id = ? AND version = ?").params(params).update() == 1;
    }

    /** Moves the creation instant back (never forward), for a client brought over with its history. */
    public boolean backdate(TenantScope scope, ClientId id, Instant createdAt) {
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(createdAt)));
        params.addAll(scope.sqlParams());
        params.add(id.value());
        params.add(Timestamp.from(createdAt));
        return jdbc.sql("UPDATE client SET created_at = ? WHERE " + IN_SCOPE + " AND id = ? AND created_at > ?").params(params).update() == 1;
    }

    public boolean delete(TenantScope scope, ClientId id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id.value());
        return jdbc.sql("DELETE FROM client WHERE " + IN_SCOPE + " AND id = ?").params(params).update() == 1;
    }

    static Client map(ResultSet rs, int n) throws SQLException {
        return new Client(new ClientId(rs.getObject("id", UUID.class)), rs.getString("name"), rs.getString("time_zone"),
                ClientStatus.valueOf(rs.getString("status")), rs.getString("notes"), rs.getBoolean("portal_shows_alert_tickets"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }
}
