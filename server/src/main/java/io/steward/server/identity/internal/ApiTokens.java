package io.steward.server.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.identity.ApiTokenInfo;
import io.steward.server.identity.IdentityProperties;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens. The secret is shown once at creation and stored only as its SHA-256; a
 * token acts as its owner, never with more rights, and read-only tokens cannot write.
 */
@Service
public class ApiTokens {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final IdentityProperties properties;
    private final UserRepository users;

    public ApiTokens(JdbcClient jdbc, Clock clock, AuditLog audit, IdentityProperties properties, UserRepository users) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.properties = properties;
        this.users = users;
    }

    /** A new token and its secret, which is never retrievable again. */
    public record Created(ApiTokenInfo token, String secret) {
    }

    @Transactional
    public Created create(Viewer owner, String name, ApiTokenInfo.Access access, Duration lifetime) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInputException("name", "Give the token a name of 1 to 100 characters.");
        }
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(properties.tokenMaxLifetime()) > 0) {
            throw new InvalidInputException("expiresInDays", "A token lives between 1 day and " + properties.tokenMaxLifetime().toDays() + " days.");
        }
        if (access == null) {
            throw new InvalidInputException("access", "Choose READ_ONLY or READ_WRITE.");
        }
        String secret = Secrets.apiToken();
        Instant now = clock.instant();
        ApiTokenInfo info = new ApiTokenInfo(UUID.randomUUID(), name.trim(), secret.substring(0, 10), access, now, now.plus(lifetime), null, null);
        audit.record("token.created", "api_token", info.id().toString(), null, Map.of("name", info.name(), "access", access.name(),
                "expiresAt", info.expiresAt().toString()));
        jdbc.sql("""
                INSERT INTO api_token (id, user_id, name, token_hash, prefix, access, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(info.id(), owner.userId().value(), info.name(), Secrets.sha256(secret), info.prefix(), access.name(),
                        Timestamp.from(now), Timestamp.from(info.expiresAt()))
                .update();
        return new Created(info, secret);
    }

    @Transactional(readOnly = true)
    public List<ApiTokenInfo> list(Viewer owner) {
        return jdbc.sql("SELECT * FROM api_token WHERE user_id = ? ORDER BY created_at DESC").param(owner.userId().value())
                .query(ApiTokens::map).list();
    }

    @Transactional
    public ApiTokenInfo revoke(Viewer owner, UUID tokenId) {
        ApiTokenInfo token = jdbc.sql("SELECT * FROM api_token WHERE id = ? AND user_id = ?").params(tokenId, owner.userId().value())
                .query(ApiTokens::map).optional().orElseThrow(() -> new NotFoundException("No such token."));
        if (token.revokedAt() != null) {
            return token;
        }
        audit.record("token.revoked", "api_token", tokenId.toString(), null, Map.of("name", token.name()));
        jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE id = ?").params(Timestamp.from(clock.instant()), tokenId).update();
        return jdbc.sql("SELECT * FROM api_token WHERE id = ?").param(tokenId).query(ApiTokens::map).single();
    }

    /** The authentication a bearer secret stands for, if it is live and its owner enabled. */
    public Optional<StewardAuthentication> authenticate(String secret) {
        if (secret == null || !secret.startsWith("stw_") || secret.length() > 100) {
            return Optional.empty();
        }
        return TenantContext.callAsSystem(() -> {
            Instant now = clock.instant();
            var row = jdbc.sql("""
                    SELECT id, user_id, access, last_used_at FROM api_token
                    WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?""")
                    .params(Secrets.sha256(secret), Timestamp.from(now))
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getTimestamp(4)})
                    .optional();
            if (row.isEmpty()) {
                return Optional.empty();
            }
            Object[] r = row.get();
            Optional<UserRecord> user = users.findById(new UserId((UUID) r[1])).filter(UserRecord::enabled);
            if (user.isEmpty()) {
                return Optional.empty();
            }
            Timestamp last = (Timestamp) r[3];
            if (last == null || last.toInstant().isBefore(now.minusSeconds(60))) {
                jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ?").params(Timestamp.from(now), r[0]).update();
            }
            boolean readOnly = ApiTokenInfo.Access.valueOf((String) r[2]) == ApiTokenInfo.Access.READ_ONLY;
            return Optional.of(StewardAuthentication.token(user.get().toViewer(readOnly), user.get().securityStamp()));
        });
    }

    private static ApiTokenInfo map(ResultSet rs, int n) throws SQLException {
        Timestamp used = rs.getTimestamp("last_used_at");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiTokenInfo(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
                ApiTokenInfo.Access.valueOf(rs.getString("access")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), used == null ? null : used.toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
