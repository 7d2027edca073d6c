package io.steward.server.notify.internal.mailbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.platform.SecretBox;
import io.steward.server.shared.TenantContext;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

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
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final Duration timeout;

    OAuthTokens(SecretBox secrets, MailboxRepository repository, ObjectMapper json, Clock clock, NotifyProperties properties) {
        this.secrets = secrets;
        this.repository = repository;
        this.json = json;
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
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        // Read again: a rotated refresh token replaced the one the caller's copy of the settings holds.
        String refresh = TenantContext.callAsSystem(() -> repository.find(m.id())).map(r -> r.settings().refreshTokenSealed())
                .orElse(m.refreshTokenSealed());
        form.put("refresh_token", secrets.open(refresh));
        form.put("client_id", m.oauthClientId());
        if (m.clientSecretSealed() != null) {
            form.put("client_secret", secrets.open(m.clientSecretSealed()));
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(m.tokenEndpoint())).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the token endpoint", e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() != 200 || answer == null || !answer.hasNonNull("access_token")) {
            // The provider's error code and description say why (invalid_grant: the refresh token expired or was revoked).
            String why = answer == null ? "" : (answer.path("error").asString("") + " " + answer.path("error_description").asString("")).strip();
            throw new IOException("token endpoint answered " + response.statusCode() + (why.isEmpty() ? "" : ": " + why));
        }
        long seconds = answer.path("expires_in").asLong(3600);
        Instant until = clock.instant().plusSeconds(seconds).minus(MARGIN);
        String token = answer.get("access_token").asString();
        if (answer.hasNonNull("refresh_token")) {
            String rotated = answer.get("refresh_token").asString();
            TenantContext.runAsSystem(() -> repository.replaceRefreshToken(m.id(), secrets.seal(rotated)));
        }
        cache.put(m.id(), new Cached(token, until, m.version()));
        return token;
    }

    /** Forgets a cached token, after the server refused it. */
    void forget(UUID mailbox) {
        cache.remove(mailbox);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
