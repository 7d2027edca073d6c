package io.steward.server.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for users. Every read that serves a viewer is scoped by the viewer's tenant scope. */
@Repository
public class UserRepository {

    public static final Map<String, String> SORTABLE = Map.of(
            "email", "lower(email)", "displayName", "lower(display_name)", "role", "role", "createdAt", "created_at",
            "lastLoginAt", "last_login_at");

    private static final String SCOPE_FILTER = "(client_id IS NULL OR " + TenantScope.sqlCondition("client_id") + ")";

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static String normaliseEmail(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<UserRecord> findByEmail(String email) {
        return jdbc.sql("SELECT * FROM app_user WHERE lower(email) = ?").param(normaliseEmail(email))
                .query(this::map).optional();
    }

    /** Unscoped look-up for authentication; never for serving a viewer. */
    public Optional<UserRecord> findById(UserId id) {
        return jdbc.sql("SELECT * FROM app_user WHERE id = ?").param(id.value()).query(this::map).optional();
    }

    public Optional<UserRecord> find(TenantScope scope, UserId id) {
        return jdbc.sql("SELECT * FROM app_user WHERE id = ? AND " + SCOPE_FILTER)
                .params(id.value(), scope.sqlParams().get(0), scope.sqlParams().get(1))
                .query(this::map).optional();
    }

    public boolean anyExists() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM app_user)").query(Boolean.class).single();
    }

    public long countEnabledAdmins() {
        return jdbc.sql("SELECT count(*) FROM app_user WHERE role = 'MSP_ADMIN' AND enabled").query(Long.class).single();
    }

    public Page<UserRecord> list(TenantScope scope, String text, PageQuery page) {
        StringBuilder where = new StringBuilder(SCOPE_FILTER);
        List<Object> params = new ArrayList<>(scope.sqlParams());
        if (text != null && !text.isBlank()) {
            where.append(" AND (email ILIKE ? OR display_name ILIKE ?)");
            String like = io.steward.server.shared.Like.contains(text);
            params.add(like);
            params.add(like);
        }
        long total = jdbc.sql("SELECT count(*) FROM app_user WHERE " + where).params(params).query(Long.class).single();
        params.add(page.size());
        params.add(page.offset());
        List<UserRecord> items = jdbc.sql("SELECT * FROM app_user WHERE " + where + " ORDER BY " + page.orderBy() + ", id LIMIT ? OFFSET ?")
                .params(params).query(this::map).list();
        return new Page<>(items, page.page(), page.size(), total);
    }

    public void insert(UserRecord u) {
        jdbc.sql("""
                INSERT INTO app_user (id, email, display_name, password_hash, role, support_tier, client_id, scope_restricted,
                    enabled, must_change_password, totp_secret, totp_enabled, created_at, updated_at, time_zone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(u.id().value(), u.email(), u.displayName(), u.passwordHash(), u.role().name(),
                        u.supportTier(), u.clientId() == null ? null : u.clientId().value(), u.scopeRestricted(), u.enabled(),
                        u.mustChangePassword(), u.totpSecret(), u.totpEnabled(), Timestamp.from(u.createdAt()), Timestamp.from(u.createdAt()),
                        u.timeZone())
                .update();
        replaceScope(u.id(), u.clientScope());
    }

    /** Updates profile, role and scope if {@code expectedVersion} is current; returns false otherwise. */
    public boolean update(UserRecord u, int expectedVersion, Instant now) {
        int rows = jdbc.sql("""
                UPDATE app_user SET email = ?, display_name = ?, role = ?, support_tier = ?, client_id = ?, scope_restricted = ?,
                    enabled = ?, time_zone = ?, updated_at = ?, version = version + 1, security_stamp = security_stamp + 1
                WHERE id = ? AND version = ?""")
                .params(u.email(), u.displayName(), u.role().name(), u.supportTier(),
                        u.clientId() == null ? null : u.clientId().value(), u.scopeRestricted(), u.enabled(), u.timeZone(), Timestamp.from(now),
                        u.id().value(), expectedVersion)
                .update();
        if (rows == 1) {
            replaceScope(u.id(), u.clientScope());
        }
        return rows == 1;
    }

    private void replaceScope(UserId id, Set<ClientId> scope) {
        jdbc.sql("DELETE FROM user_client_scope WHERE user_id = ?").param(id.value()).update();
        for (ClientId c : scope) {
            jdbc.sql("INSERT INTO user_client_scope (user_id, client_id) VALUES (?, ?)").params(id.value(), c.value()).update();
        }
    }

    /**
     * Sets a user's own time zone (null: the default). A display preference, so it neither moves the version
     * admins edit against nor ends sessions.
     */
    public void setTimeZone(UserId id, String zone, Instant now) {
        jdbc.sql("UPDATE app_user SET time_zone = ?, updated_at = ? WHERE id = ?").params(zone, Timestamp.from(now), id.value()).update();
    }

    /** The user's own time zone, if they chose one: one primary-key read, made once per page (see ViewerTimeZones). */
    public Optional<String> timeZone(UserId id) {
        List<String> zone = jdbc.sql("SELECT time_zone FROM app_user WHERE id = ?").param(id.value()).query(String.class).list();
        return zone.isEmpty() ? Optional.empty() : Optional.ofNullable(zone.get(0));
    }

    public void setPassword(UserId id, String hash, boolean mustChange, Instant now) {
        jdbc.sql("""
                UPDATE app_user SET password_hash = ?, must_change_password = ?, updated_at = ?, version = version + 1,
                    security_stamp = security_stamp + 1 WHERE id = ?""")
                .params(hash, mustChange, Timestamp.from(now), id.value()).update();
    }

    public void setTotp(UserId id, String secret, boolean enabled, Instant now) {
        jdbc.sql("""
                UPDATE app_user SET totp_secret = ?, totp_enabled = ?, totp_last_step = 0, updated_at = ?, version = version + 1,
                    security_stamp = security_stamp + 1 WHERE id = ?""")
                .params(secret, enabled, Timestamp.from(now), id.value()).update();
    }

    /** Records a used TOTP time step; false if that step (or a later one) was already used, which stops replays. */
    public boolean consumeTotpStep(UserId id, long step) {
        return jdbc.sql("UPDATE app_user SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?")
                .params(step, id.value(), step).update() == 1;
    }

    public void recordLogin(UserId id, Instant now) {
        jdbc.sql("UPDATE app_user SET last_login_at = ? WHERE id = ?").params(Timestamp.from(now), id.value()).update();
    }

    public Optional<Integer> securityStamp(UserId id) {
        return jdbc.sql("SELECT security_stamp FROM app_user WHERE id = ? AND enabled").param(id.value())
                .query(Integer.class).optional();
    }

    public void replaceRecoveryCodes(UserId id, List<String> hashes) {
        jdbc.sql("DELETE FROM recovery_code WHERE user_id = ?").param(id.value()).update();
        for (String h : hashes) {
            jdbc.sql("INSERT INTO recovery_code (user_id, code_hash) VALUES (?, ?)").params(id.value(), h).update();
        }
    }

    /** Marks an unused recovery code used; false if there is none with that hash. */
    public boolean consumeRecoveryCode(UserId id, String hash, Instant now) {
        return jdbc.sql("UPDATE recovery_code SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")
                .params(Timestamp.from(now), id.value(), hash).update() == 1;
    }

    public int unusedRecoveryCodes(UserId id) {
        return jdbc.sql("SELECT count(*) FROM recovery_code WHERE user_id = ? AND used_at IS NULL").param(id.value())
                .query(Integer.class).single();
    }

    /**
     * The columns {@link #mapJoined} reads, for a query that joins {@code app_user u}: the user's
     * row and its client allow-list in the same round trip.
     */
    static final String JOINED_USER_COLUMNS =
            "u.*, ARRAY(SELECT s.client_id FROM user_client_scope s WHERE s.user_id = u.id) AS scope_client_ids";

    /** Maps a row selected with {@link #JOINED_USER_COLUMNS}. */
    UserRecord mapJoined(ResultSet rs) throws SQLException {
        Set<ClientId> scope = new HashSet<>();
        for (Object id : (Object[]) rs.getArray("scope_client_ids").getArray()) {
            scope.add(new ClientId((UUID) id));
        }
        return map(rs, rs.getBoolean("scope_restricted") ? scope : Set.of());
    }

    private UserRecord map(ResultSet rs, int row) throws SQLException {
        return map(rs, rs.getBoolean("scope_restricted") ? loadScope(rs.getObject("id", UUID.class)) : Set.of());
    }

    private UserRecord map(ResultSet rs, Set<ClientId> scope) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        UUID client = rs.getObject("client_id", UUID.class);
        boolean restricted = rs.getBoolean("scope_restricted");
        Timestamp last = rs.getTimestamp("last_login_at");
        int tier = rs.getInt("support_tier");
        Integer supportTier = rs.wasNull() ? null : tier;
        return new UserRecord(new UserId(id), rs.getString("email"), rs.getString("display_name"), rs.getString("password_hash"),
                Role.valueOf(rs.getString("role")), supportTier, client == null ? null : new ClientId(client), restricted, scope,
                rs.getBoolean("enabled"), rs.getBoolean("must_change_password"), rs.getString("totp_secret"),
                rs.getBoolean("totp_enabled"), rs.getLong("totp_last_step"), rs.getInt("security_stamp"),
                last == null ? null : last.toInstant(), rs.getTimestamp("created_at").toInstant(), rs.getInt("version"),
                rs.getString("time_zone"));
    }

    private Set<ClientId> loadScope(UUID userId) {
        return new HashSet<>(jdbc.sql("SELECT client_id FROM user_client_scope WHERE user_id = ?").param(userId)
                .query((rs, n) -> new ClientId(rs.getObject(1, UUID.class))).list());
    }
}
