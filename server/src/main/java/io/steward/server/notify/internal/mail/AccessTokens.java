package io.steward.server.notify.internal.mail;

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
import java.util.stream.Collectors;

import io.steward.server.notify.NotifyProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * OAuth 2 access tokens for SMTP XOAUTH2, from the configured refresh token (RFC 6749 section 6; Microsoft 365 and Google
 * both take it as a form POST to their token endpoint). A token is kept until a minute before it expires, or until the
 * SMTP server refuses it, so a batch of mails costs one token request at most.
 */
final class AccessTokens {
    private static final Duration MARGIN = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifyProperties.Smtp smtp;
    private final HttpClient http;
    private final Clock clock;
    private String token;
    private Instant expires = Instant.MIN;

    AccessTokens(NotifyProperties.Smtp smtp, Clock clock) {
        this.smtp = smtp;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(smtp.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A valid access token, fetched when the kept one is missing or about to expire. */
    synchronized String current() throws IOException {
        if (token != null && clock.instant().isBefore(expires)) {
            return token;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", smtp.refreshToken());
        form.put("client_id", smtp.clientId());
        if (!smtp.clientSecret().isEmpty()) {
            form.put("client_secret", smtp.clientSecret());
        }
        if (!smtp.scope().isEmpty()) {
            form.put("scope", smtp.scope());
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(smtp.tokenEndpoint())).timeout(smtp.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the token endpoint", e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (RuntimeException notJson) {
            json = null;
        }
        if (response.statusCode() != 200 || json == null || !json.path("access_token").isString()) {
            // The endpoint's error code and description say what is wrong (expired refresh token, wrong secret); never the secret.
            String why = json == null ? "" : (json.path("error").asString("") + " " + json.path("error_description").asString("")).strip();
            throw new IOException("the OAuth token endpoint answered " + response.statusCode() + (why.isEmpty() ? "" : ": " + why));
        }
        token = json.path("access_token").asString();
        long seconds = json.path("expires_in").asLong(3600);
        expires = clock.instant().plusSeconds(seconds).minus(MARGIN);
        return token;
    }

    /** Forgets the kept token (the server refused it), so the next connection fetches a new one. */
    synchronized void forget() {
        token = null;
        expires = Instant.MIN;
    }
}
