package io.steward.server.notify.internal.mail;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.steward.server.notify.NotifyProperties;

/**
 * OAuth 2 access tokens for SMTP XOAUTH2, from the configured refresh token (RFC 6749 section 6; Microsoft 365 and Google
 * both take it as a form POST to their token endpoint). A token is kept until a minute before it expires, or until the
 * SMTP server refuses it, so a batch of mails costs one token request at most.
 */
final class AccessTokens {
    private static final Duration MARGIN = Duration.ofMinutes(1);

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
        RefreshTokenGrant grant = RefreshTokenGrant.exchange(http, smtp.tokenEndpoint(), smtp.timeout(), smtp.refreshToken(), smtp.clientId(),
                smtp.clientSecret(), smtp.scope());
        token = grant.accessToken();
        expires = clock.instant().plusSeconds(grant.expiresInSeconds()).minus(MARGIN);
        return token;
    }

    /** Forgets the kept token (the server refused it), so the next connection fetches a new one. */
    synchronized void forget() {
        token = null;
        expires = Instant.MIN;
    }
}
