package io.steward.server.notify.internal.mailbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A mailbox as admins see it: its settings without any secret (only whether one is set) and its health.
 *
 * @param passwordSet     whether a password is stored (it is never shown again)
 * @param clientSecretSet whether an OAuth client secret is stored
 * @param refreshTokenSet whether an OAuth refresh token is stored
 * @param health          the mailbox's state, worked out from what the watcher and the self-test recorded
 */
public record MailboxView(UUID id, String name, String address, String host, int port, String security, boolean plaintextAllowed,
                          String auth, String username, boolean passwordSet, String oauthTokenEndpoint, String oauthClientId,
                          boolean clientSecretSet, boolean refreshTokenSet, LocalDate oauthRefreshExpiresOn, String folder,
                          UUID boundClientId, boolean trustWithoutDmarc, String trustedAuthServId, boolean enabled, int version,
                          Health health) {

    /**
     * @param state               OK, WARNING (an OAuth token expires soon, or no self-test came back yet) or FAILING
     *                            (not connected with an error, or a self-test did not come back); DISABLED when switched off
     * @param problems            what is wrong, in words, worst first; empty when OK
     * @param connected           whether the watching node holds an open connection now
     * @param idleSupported       whether the server offers IMAP IDLE (null: not connected yet); without it, polling
     */
    public record Health(String state, List<String> problems, boolean connected, Instant connectedSince, Instant lastConnectedAt,
                         String lastError, Instant lastErrorAt, Instant lastMailAt, Boolean idleSupported, Instant selfTestSentAt,
                         Instant selfTestReceivedAt, Instant selfTestFailedAt, boolean oauthExpiresSoon) {
    }
}
