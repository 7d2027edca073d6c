package io.steward.server.devices.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.devices.EnrollmentToken;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.EnrollmentTokenId;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The enrollment_token table: tokens are stored by the hash of their secret, never the secret. */
@Repository
public class EnrollmentTokenRepository {
    private final JdbcClient jdbc;

    EnrollmentTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(EnrollmentToken t, String tokenHash) {
        jdbc.sql("""
                INSERT INTO enrollment_token (id, client_id, site_id, name, token_hash, prefix, expires_at, max_uses, auto_approve, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(t.id().value(), t.clientId().value(), t.siteId() == null ? null : t.siteId().value(), t.name(), tokenHash, t.prefix(),
                        Timestamp.from(t.expiresAt()), t.maxUses(), t.autoApprove(), t.createdBy(), Timestamp.from(t.createdAt()))
                .update();
    }

    public List<EnrollmentToken> ofClient(ClientId client) {
        return jdbc.sql("SELECT * FROM enrollment_token WHERE client_id = ? ORDER BY created_at DESC").param(client.value())
                .query(EnrollmentTokenRepository::token).list();
    }

    /** The token if it belongs to a client in {@code scope}. */
    public Optional<EnrollmentToken> inScope(TenantScope scope, EnrollmentTokenId id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id.value());
        return jdbc.sql("SELECT * FROM enrollment_token d WHERE " + TenantScope.sqlCondition("d.client_id") + " AND d.id = ?").params(p)
                .query(EnrollmentTokenRepository::token).optional();
    }

    public EnrollmentToken get(EnrollmentTokenId id) {
        return jdbc.sql("SELECT * FROM enrollment_token WHERE id = ?").param(id.value()).query(EnrollmentTokenRepository::token).single();
    }

    public void revoke(EnrollmentTokenId id, Instant at) {
        jdbc.sql("UPDATE enrollment_token SET revoked_at = ? WHERE id = ?").params(Timestamp.from(at), id.value()).update();
    }

    /** The token with this secret's hash, its row locked so concurrent enrollments cannot exceed its use limit. */
    public Optional<EnrollmentToken> lockByHash(String tokenHash) {
        return jdbc.sql("SELECT * FROM enrollment_token WHERE token_hash = ? FOR UPDATE").param(tokenHash)
                .query(EnrollmentTokenRepository::token).optional();
    }

    public void countUse(EnrollmentTokenId id) {
        jdbc.sql("UPDATE enrollment_token SET uses = uses + 1 WHERE id = ?").param(id.value()).update();
    }

    private static EnrollmentToken token(ResultSet rs, int n) throws SQLException {
        UUID site = rs.getObject("site_id", UUID.class);
        return new EnrollmentToken(new EnrollmentTokenId(rs.getObject("id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                site == null ? null : new SiteId(site), rs.getString("name"), rs.getString("prefix"), DeviceRepository.ts(rs, "expires_at"),
                rs.getInt("max_uses"), rs.getInt("uses"), rs.getBoolean("auto_approve"), DeviceRepository.ts(rs, "revoked_at"),
                rs.getString("created_by"), DeviceRepository.ts(rs, "created_at"));
    }
}
