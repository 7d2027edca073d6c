package io.steward.server.notify.internal.mailbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mailbox table: settings (admins), health (the watching node and the self-test) and the watch lease. */
@Repository
class MailboxRepository {
    private final JdbcClient jdbc;

    MailboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the watcher and the self-test recorded, as stored. */
    record HealthRow(Instant connectedSince, Instant lastConnectedAt, String lastError, Instant lastErrorAt, Instant lastMailAt,
                     Boolean idleSupported, String selfTestToken, Instant selfTestSentAt, Instant selfTestReceivedAt, Instant selfTestFailedAt,
                     Instant oauthExpiryWarnedAt) {
    }

    /** A stored mailbox with its health. */
    record Row(MailboxSettings settings, HealthRow health) {
    }

    List<Row> all() {
        return jdbc.sql("SELECT * FROM mailbox ORDER BY lower(name), id").query((rs, n) -> row(rs)).list();
    }

    List<MailboxSettings> enabled() {
        return jdbc.sql("SELECT * FROM mailbox WHERE enabled ORDER BY id").query((rs, n) -> settings(rs)).list();
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql("SELECT * FROM mailbox WHERE id = ?").param(id).query((rs, n) -> row(rs)).optional();
    }

    boolean nameTaken(String name, UUID except) {
        return jdbc.sql("SELECT count(*) FROM mailbox WHERE lower(name) = lower(?) AND id IS DISTINCT FROM ?").params(name, except)
                .query(Long.class).single() > 0;
    }

    void insert(MailboxSettings m, Instant now) {
        jdbc.sql("""
                        INSERT INTO mailbox (id, name, address, host, port, security, plaintext_allowed, auth, username, password_sealed,
                                             oauth_token_endpoint, oauth_client_id, oauth_client_secret_sealed, oauth_refresh_token_sealed,
                                             oauth_refresh_expires_on, folder, bound_client_id, trust_without_dmarc, trusted_authserv_id, enabled,
                                             created_at, updated_at)
                        VALUES (:id, :name, :address, :host, :port, :security, :plain, :auth, :username, :password, :endpoint, :clientId,
                                :clientSecret, :refresh, :expires, :folder, :bound, :trust, :authserv, :enabled, :now, :now)""")
                .paramSource(params(m, now)).update();
    }

    /** Changes the settings at {@code expectedVersion}; answers false when another change came first. */
    boolean update(MailboxSettings m, int expectedVersion, boolean refreshTokenChanged, Instant now) {
        return jdbc.sql("""
                        UPDATE mailbox SET name = :name, address = :address, host = :host, port = :port, security = :security,
                               plaintext_allowed = :plain, auth = :auth, username = :username, password_sealed = :password,
                               oauth_token_endpoint = :endpoint, oauth_client_id = :clientId, oauth_client_secret_sealed = :clientSecret,
                               oauth_refresh_token_sealed = :refresh, oauth_refresh_expires_on = :expires, folder = :folder,
                               bound_client_id = :bound, trust_without_dmarc = :trust, trusted_authserv_id = :authserv, enabled = :enabled,
                               oauth_expiry_warned_at = CASE WHEN :refreshChanged THEN NULL ELSE oauth_expiry_warned_at END,
                               version = version + 1, updated_at = :now
                        WHERE id = :id AND version = :expected""")
                .paramSource(params(m, now).addValue("expected", expectedVersion).addValue("refreshChanged", refreshTokenChanged)).update() == 1;
    }

    boolean setEnabled(UUID id, boolean enabled, Instant now) {
        return jdbc.sql("UPDATE mailbox SET enabled = ?, version = version + 1, updated_at = ?, connected_since = NULL WHERE id = ?")
                .params(enabled, Timestamp.from(now), id).update() == 1;
    }

    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM mailbox WHERE id = ?").param(id).update() == 1;
    }

    /** A refresh token the provider rotated: stored in place of the old one. */
    void replaceRefreshToken(UUID id, String sealed) {
        jdbc.sql("UPDATE mailbox SET oauth_refresh_token_sealed = ? WHERE id = ?").params(sealed, id).update();
    }

    // --- lease -------------------------------------------------------------------------------------------------------

    /**
     * Takes or renews this node's claim on the mailbox until {@code until}; false while another node holds it. Whether
     * the box is enabled is not asked here: the node's watcher list decides that, and stops the watcher of a disabled box.
     */
    boolean lease(UUID id, String node, Instant now, Instant until) {
        return jdbc.sql("""
                        UPDATE mailbox SET lease_owner = :node, lease_until = :until
                        WHERE id = :id AND (lease_owner IS NULL OR lease_owner = :node OR lease_until < :now)""")
                .param("id", id).param("node", node).param("now", Timestamp.from(now)).param("until", Timestamp.from(until)).update() == 1;
    }

    void release(UUID id, String node) {
        jdbc.sql("UPDATE mailbox SET lease_owner = NULL, lease_until = NULL, connected_since = NULL WHERE id = ? AND lease_owner = ?")
                .params(id, node).update();
    }

    // --- health ------------------------------------------------------------------------------------------------------

    void connected(UUID id, boolean idleSupported, Instant at) {
        jdbc.sql("UPDATE mailbox SET connected_since = coalesce(connected_since, ?), last_connected_at = ?, idle_supported = ? WHERE id = ?")
                .params(Timestamp.from(at), Timestamp.from(at), idleSupported, id).update();
    }

    void failed(UUID id, String error, Instant at) {
        jdbc.sql("UPDATE mailbox SET connected_since = NULL, last_error = left(?, 2000), last_error_at = ? WHERE id = ?")
                .params(error, Timestamp.from(at), id).update();
    }

    /** An error that did not end the connection (a mail that could not be handed on). */
    void noted(UUID id, String error, Instant at) {
        jdbc.sql("UPDATE mailbox SET last_error = left(?, 2000), last_error_at = ? WHERE id = ?").params(error, Timestamp.from(at), id).update();
    }

    void mailArrived(UUID id, Instant at) {
        jdbc.sql("UPDATE mailbox SET last_mail_at = ? WHERE id = ?").params(Timestamp.from(at), id).update();
    }

    void selfTestSent(UUID id, String token, Instant at) {
        jdbc.sql("UPDATE mailbox SET self_test_token = ?, self_test_sent_at = ?, self_test_received_at = NULL WHERE id = ?")
                .params(token, Timestamp.from(at), id).update();
    }

    /** The pending self-test with this token came back; answers false when it is not the pending one (late or repeated). */
    boolean selfTestReceived(UUID id, String token, Instant at) {
        return jdbc.sql("""
                        UPDATE mailbox SET self_test_received_at = ?, self_test_failed_at = NULL
                        WHERE id = ? AND self_test_token = ? AND self_test_received_at IS NULL""")
                .params(Timestamp.from(at), id, token).update() == 1;
    }

    /** Marks the pending self-test failed once; answers whether this call did (so the alarm goes out once). */
    boolean selfTestFailed(UUID id, String token, Instant at) {
        return jdbc.sql("""
                        UPDATE mailbox SET self_test_failed_at = ?
                        WHERE id = ? AND self_test_token = ? AND self_test_received_at IS NULL AND self_test_failed_at IS NULL""")
                .params(Timestamp.from(at), id, token).update() == 1;
    }

    /** Marks the OAuth expiry warned once; answers whether this call did. */
    boolean expiryWarned(UUID id, Instant at) {
        return jdbc.sql("UPDATE mailbox SET oauth_expiry_warned_at = ? WHERE id = ? AND oauth_expiry_warned_at IS NULL")
                .params(Timestamp.from(at), id).update() == 1;
    }

    /** Enabled MSP admins, the people told when a mailbox fails. */
    List<UUID> mspAdmins() {
        return jdbc.sql("SELECT id FROM app_user WHERE role = 'MSP_ADMIN' AND enabled AND client_id IS NULL").query(UUID.class).list();
    }

    /**
     * One in-app notification of {@code kind} about no client to each of {@code users}, unless they turned the kind off,
     * as {@code NotificationRepository.insertForStaff} writes them about a client.
     */
    int notify(List<UUID> users, String kind, String message, String link, Instant at) {
        if (users.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        INSERT INTO notification (id, user_id, client_id, ticket_id, kind, message, link, created_at)
                        SELECT gen_random_uuid(), u.id, NULL, NULL, :kind, :message, :link, :at FROM app_user u
                        WHERE u.id IN (:users) AND u.enabled AND u.client_id IS NULL
                          AND coalesce((SELECT p.in_app FROM notification_preference p WHERE p.user_id = u.id AND p.kind = :kind), true)""")
                .param("kind", kind).param("message", message).param("link", link).param("at", Timestamp.from(at)).param("users", users)
                .update();
    }

    private static MapSqlParameterSource params(MailboxSettings m, Instant now) {
        return new MapSqlParameterSource()
                .addValue("id", m.id()).addValue("name", m.name()).addValue("address", m.address()).addValue("host", m.host())
                .addValue("port", m.port()).addValue("security", m.security().name()).addValue("plain", m.plaintextAllowed())
                .addValue("auth", m.auth().name()).addValue("username", m.username()).addValue("password", m.passwordSealed())
                .addValue("endpoint", m.tokenEndpoint()).addValue("clientId", m.oauthClientId()).addValue("clientSecret", m.clientSecretSealed())
                .addValue("refresh", m.refreshTokenSealed()).addValue("expires", m.refreshExpiresOn()).addValue("folder", m.folder())
                .addValue("bound", m.boundClient() == null ? null : m.boundClient().value()).addValue("trust", m.trustWithoutDmarc())
                .addValue("authserv", m.trustedAuthServId()).addValue("enabled", m.enabled()).addValue("now", Timestamp.from(now));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(settings(rs), new HealthRow(instant(rs, "connected_since"), instant(rs, "last_connected_at"), rs.getString("last_error"),
                instant(rs, "last_error_at"), instant(rs, "last_mail_at"), (Boolean) rs.getObject("idle_supported"), rs.getString("self_test_token"),
                instant(rs, "self_test_sent_at"), instant(rs, "self_test_received_at"), instant(rs, "self_test_failed_at"),
                instant(rs, "oauth_expiry_warned_at")));
    }

    private static MailboxSettings settings(ResultSet rs) throws SQLException {
        UUID bound = rs.getObject("bound_client_id", UUID.class);
        return new MailboxSettings(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("address"), rs.getString("host"),
                rs.getInt("port"), MailboxSettings.Security.valueOf(rs.getString("security")), rs.getBoolean("plaintext_allowed"),
                MailboxSettings.Auth.valueOf(rs.getString("auth")), rs.getString("username"), rs.getString("password_sealed"),
                rs.getString("oauth_token_endpoint"), rs.getString("oauth_client_id"), rs.getString("oauth_client_secret_sealed"),
                rs.getString("oauth_refresh_token_sealed"), rs.getObject("oauth_refresh_expires_on", LocalDate.class), rs.getString("folder"),
                bound == null ? null : new ClientId(bound), rs.getBoolean("trust_without_dmarc"), rs.getString("trusted_authserv_id"),
                rs.getBoolean("enabled"), rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
