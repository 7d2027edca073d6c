package io.steward.server.notify.internal.mailbox;

import java.time.LocalDate;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * A mailbox as stored, secrets still sealed: what the watcher needs to connect and what it hands on with each mail.
 * Never leaves this package's services as it is; pages and the API see {@link MailboxView}.
 */
record MailboxSettings(UUID id, String name, String address, String host, int port, Security security, boolean plaintextAllowed,
                       Auth auth, String username, String passwordSealed, String tokenEndpoint, String oauthClientId,
                       String clientSecretSealed, String refreshTokenSealed, LocalDate refreshExpiresOn, String folder,
                       ClientId boundClient, boolean trustWithoutDmarc, String trustedAuthServId, boolean enabled, int version) {

    /** How the connection is protected; NONE only with {@code plaintextAllowed}. */
    enum Security { TLS, STARTTLS, NONE }

    /** How Steward signs in: a password, or an OAuth2 access token (XOAUTH2) got with a stored refresh token. */
    enum Auth { PASSWORD, XOAUTH2 }
}
