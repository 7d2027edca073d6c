package io.steward.server.notify.internal.mailbox;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.notify.internal.mail.RefreshTokenGrant;
import io.steward.server.platform.SecretBox;
import io.steward.server.shared.TenantContext;
import org.springframework.stereotype.Component;

/**
 * OAuth2 access tokens for XOAUTH2 mailboxes, got from the provider's token endpoint with the stored refresh token
 * (RFC 6749 section 6) and kept until a minute before they expire. A refresh token the provider rotates (Microsoft
 * does) replaces the stored one, sealed.
 */
@Component
class OAuthTokens {
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private record Cached(String token, Instant until, int version) {
    }

    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();
    private final SecretBox secrets;
    private final MailboxRepository repository;
    private final Clock clock;
    private final HttpClient http;
    private final Duration timeout;

    OAuthTokens(SecretBox secrets, MailboxRepository repository, Clock clock, NotifyProperties properties) {
        this.secrets = secrets;
        this.repository = repository;
        this.clock = clock;
        this.timeout = properties.inbound().connectTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A valid access token for the mailbox, from the cache or fresh from its token endpoint. */
    String accessToken(MailboxSettings m) throws IOException {
        Cached c = cache.get(m.id());
        if (c != null && c.version() == m.version() && clock.instant().isBefore(c.until())) {
            return c.token();
        }
        // Read again: a rotated refresh token replaced the one the caller's copy of the settings holds.
        String refresh = TenantContext.callAsSystem(() -> repository.find(m.id())).map(r -> r.settings().refreshTokenSealed())
                .orElse(m.refreshTokenSealed());
        RefreshTokenGrant grant = RefreshTokenGrant.exchange(http, m.tokenEndpoint(), timeout, secrets.open(refresh), m.oauthClientId(),
                m.clientSecretSealed() == null ? null : secrets.open(m.clientSecretSealed()), null);
        Instant until = clock.instant().plusSeconds(grant.expiresInSeconds()).minus(MARGIN);
        String token = grant.accessToken();
        if (grant.rotatedRefresh() != null) {
            TenantContext.runAsSystem(() -> repository.replaceRefreshToken(m.id(), secrets.seal(grant.rotatedRefresh())));
        }
        cache.put(m.id(), new Cached(token, until, m.version()));
        return token;
    }

    /** Forgets a cached token, after the server refused it. */
    void forget(UUID mailbox) {
        cache.remove(mailbox);
    }
}
