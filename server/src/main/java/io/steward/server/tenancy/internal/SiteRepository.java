package io.steward.server.tenancy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.TenantScope;
import io.steward.server.tenancy.Site;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for sites, scoped like clients. */
@Repository
public class SiteRepository {
    private static final String IN_SCOPE = TenantScope.sqlCondition("client_id");

    private final JdbcClient jdbc;

    public SiteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Site> ofClient(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        return jdbc.sql("SELECT * FROM site WHERE " + IN_SCOPE + " AND client_id = ? ORDER BY lower(name)").params(params)
                .query(SiteRepository::map).list();
    }

    public Optional<Site> find(TenantScope scope, SiteId id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id.value());
        return jdbc.sql("SELECT * FROM site WHERE " + IN_SCOPE + " AND id = ?").params(params).query(SiteRepository::map).optional();
    }

    public void insert(Site s) {
        jdbc.sql("""
                INSERT INTO site (id, client_id, name, address, city, postal_code, country, time_zone, notes, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.id().value(), s.clientId().value(), s.name(), s.address(), s.city(), s.postalCode(), s.country(), s.timeZone(),
                        s.notes(), Timestamp.from(s.createdAt()), Timestamp.from(s.updatedAt()))
                .update();
    }

    public boolean update(TenantScope scope, Site s, int expectedVersion, Instant now) {
        List<Object> params = new ArrayList<>(List.of(s.name(), s.address(), s.city(), s.postalCode(), s.country()));
        params.add(s.timeZone());
        params.add(s.notes());
        params.add(Timestamp.from(now));
        params.addAll(scope.sqlParams());
        params.add(s.id().value());
        params.add(expectedVersion);
        return jdbc.sql("UPDATE site SET name = ?, address = ?, city = ?, postal_code = ?, country = ?, time_zone = ?, notes = ?, "
                + "updated_at = ?, version = version + 1 WHERE " + IN_SCOPE + " AND id = ? AND version = ?").params(params).update() == 1;
    }

    public boolean delete(TenantScope scope, SiteId id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id.value());
        return jdbc.sql("DELETE FROM site WHERE " + IN_SCOPE + " AND id = ?").params(params).update() == 1;
    }

    static Site map(ResultSet rs, int n) throws SQLException {
        return new Site(new SiteId(rs.getObject("id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("name"), rs.getString("address"), rs.getString("city"), rs.getString("postal_code"), rs.getString("country"),
                rs.getString("time_zone"), rs.getString("notes"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }
}
