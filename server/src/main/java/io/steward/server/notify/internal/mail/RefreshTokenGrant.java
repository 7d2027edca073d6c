package io.steward.server.notify.internal.mail;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One OAuth 2 refresh-token grant (RFC 6749 section 6): a form POST to the provider's token endpoint, as Microsoft 365
 * and Google take it for XOAUTH2, answered with an access token, its lifetime and, where the provider rotates them
 * (Microsoft does), a new refresh token. Used for SMTP and for the mailboxes alike.
 *
 * @param accessToken      the token to sign in with
 * @param expiresInSeconds its lifetime as the provider gave it (3600 when it gave none)
 * @param rotatedRefresh   the refresh token that replaces the one sent, or null when the provider keeps it
 */
public record RefreshTokenGrant(String accessToken, long expiresInSeconds, String rotatedRefresh) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Exchanges {@code refreshToken} at {@code endpoint}; {@code clientSecret} and {@code scope} are sent when not empty.
     *
     * @throws IOException when the endpoint cannot be reached or refuses, with the provider's error code and description
     *                     (never a secret)
     */
    public static RefreshTokenGrant exchange(HttpClient http, String endpoint, Duration timeout, String refreshToken, String clientId,
                                             String clientSecret, String scope) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", clientId);
        if (clientSecret != null && !clientSecret.isEmpty()) {
            form.put("client_secret", clientSecret);
        }
        if (scope != null && !scope.isEmpty()) {
            form.put("scope", scope);
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the token endpoint", e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (RuntimeException notJson) {
            answer = null;
        }
        if (response.statusCode() != 200 || answer == null || !answer.path("access_token").isString()) {
            // The provider's error code and description say why (invalid_grant: the refresh token expired or was revoked).
            String why = answer == null ? "" : (answer.path("error").asString("") + " " + answer.path("error_description").asString("")).strip();
            throw new IOException("the OAuth token endpoint answered " + response.statusCode() + (why.isEmpty() ? "" : ": " + why));
        }
        return new RefreshTokenGrant(answer.path("access_token").asString(), answer.path("expires_in").asLong(3600),
                answer.hasNonNull("refresh_token") ? answer.get("refresh_token").asString() : null);
    }
}
