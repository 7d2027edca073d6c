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
import io.steward.server.shared.ContactId;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.TenantScope;
import io.steward.server.tenancy.Contact;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for contacts, scoped like clients. */
@Repository
public class ContactRepository {
    private static final String IN_SCOPE = TenantScope.sqlCondition("client_id");

    private final JdbcClient jdbc;

    public ContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Contact> ofClient(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        return jdbc.sql("SELECT * FROM contact WHERE " + IN_SCOPE + " AND client_id = ? ORDER BY is_primary DESC, lower(last_name), lower(first_name)")
                .params(params).query(ContactRepository::map).list();
    }

    public Optional<Contact> find(TenantScope scope, ContactId id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id.value());
        return jdbc.sql("SELECT * FROM contact WHERE " + IN_SCOPE + " AND id = ?").params(params).query(ContactRepository::map).optional();
    }

    /** Contacts of any client with this address, compared without case. */
    public List<Contact> withEmail(String email) {
        return jdbc.sql("SELECT * FROM contact WHERE lower(email) = lower(?) ORDER BY created_at").param(email).query(ContactRepository::map).list();
    }

    public void insert(Contact c) {
        jdbc.sql("""
                INSERT INTO contact (id, client_id, site_id, first_name, last_name, email, phone, job_title, is_primary, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(c.id().value(), c.clientId().value(), c.siteId() == null ? null : c.siteId().value(), c.firstName(), c.lastName(),
                        c.email(), c.phone(), c.jobTitle(), c.primary(), Timestamp.from(c.createdAt()), Timestamp.from(c.updatedAt()))
                .update();
    }

    public boolean update(TenantScope scope, Contact c, int expectedVersion, Instant now) {
        List<Object> params = new ArrayList<>(List.of(c.firstName(), c.lastName(), c.email(), c.phone(), c.jobTitle()));
        params.add(c.siteId() == null ? null : c.siteId().value());
        params.add(c.primary());
        params.add(Timestamp.from(now));
        params.addAll(scope.sqlParams());
        params.add(c.id().value());
        params.add(expectedVersion);
        return jdbc.sql("UPDATE contact SET first_name = ?, last_name = ?, email = ?, phone = ?, job_title = ?, site_id = ?, is_primary = ?, "
                + "updated_at = ?, version = version + 1 WHERE " + IN_SCOPE + " AND id = ? AND version = ?").params(params).update() == 1;
    }

    public boolean delete(TenantScope scope, ContactId id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id.value());
        return jdbc.sql("DELETE FROM contact WHERE " + IN_SCOPE + " AND id = ?").params(params).update() == 1;
    }

    static Contact map(ResultSet rs, int n) throws SQLException {
        UUID site = rs.getObject("site_id", UUID.class);
        return new Contact(new ContactId(rs.getObject("id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                site == null ? null : new SiteId(site), rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
                rs.getString("phone"), rs.getString("job_title"), rs.getBoolean("is_primary"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }
}
