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

    /** What a bearer secret presented from an address amounts to. */
    sealed interface Presented {
        /** The address guessed too often; even a valid token is refused until the block ends. */
        record Blocked() implements Presented {
        }

        /** Unknown, expired or revoked token, or its owner is disabled. */
        record Invalid() implements Presented {
        }

        record Valid(StewardAuthentication authentication) implements Presented {
        }
    }

    /**
     * Checks the address's throttle, the token and its owner in one round trip: this runs before
     * every API request, so it is worth one query instead of four.
     */
    public Presented authenticate(String secret, String throttleKey) {
        return TenantContext.callAsSystem(() -> {
            Instant now = clock.instant();
            String hash = secret != null && secret.startsWith("stw_") && secret.length() <= 100 ? Secrets.sha256(secret) : "";
            return jdbc.sql("""
                    SELECT b.blocked_until, t.id AS token_id, t.access, t.last_used_at, %s
                    FROM (VALUES (1)) AS one (x)
                    LEFT JOIN login_throttle b ON b.key = ?
                    LEFT JOIN (api_token t JOIN app_user u ON u.id = t.user_id AND u.enabled)
                        ON t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?""".formatted(UserRepository.JOINED_USER_COLUMNS))
                    .params(throttleKey, hash, Timestamp.from(now))
                    .query(rs -> {
                        rs.next();
                        Timestamp blocked = rs.getTimestamp("blocked_until");
                        if (blocked != null && blocked.toInstant().isAfter(now)) {
                            return (Presented) new Presented.Blocked();
                        }
                        UUID tokenId = rs.getObject("token_id", UUID.class);
                        if (tokenId == null) {
                            return new Presented.Invalid();
                        }
                        UserRecord user = users.mapJoined(rs);
                        Timestamp last = rs.getTimestamp("last_used_at");
                        if (last == null || last.toInstant().isBefore(now.minusSeconds(60))) {
                            jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ?").params(Timestamp.from(now), tokenId).update();
                        }
                        boolean readOnly = ApiTokenInfo.Access.valueOf(rs.getString("access")) == ApiTokenInfo.Access.READ_ONLY;
                        return new Presented.Valid(StewardAuthentication.token(user.toViewer(readOnly), user.securityStamp()));
                    });
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
