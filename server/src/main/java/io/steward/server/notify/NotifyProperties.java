package io.steward.server.notify;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the notify module ({@code steward.notify.*}): how Steward talks to people and other systems.
 *
 * @param mail     outgoing email
 * @param smtp     the SMTP server outgoing email is delivered through
 * @param links    how mails link back to Steward
 * @param webhooks outgoing webhooks
 * @param inbound  mail that arrives in the MSP's mailboxes
 */
@Validated
@ConfigurationProperties("steward.notify")
public record NotifyProperties(@Valid @NotNull @DefaultValue Mail mail,
                               @Valid @NotNull @DefaultValue Smtp smtp,
                               @Valid @NotNull @DefaultValue Links links,
                               @Valid @NotNull @DefaultValue Webhooks webhooks,
                               @Valid @NotNull @DefaultValue Inbound inbound) {

    /**
     * @param from            the address Steward's mail comes from (and that clients reply to)
     * @param fromName        the display name beside it
     * @param messageIdDomain the right-hand side of the Message-IDs Steward makes; empty: the domain of {@code from}
     */
    public record Mail(@NotBlank @Email @DefaultValue("support@steward.localhost") String from,
                       @NotNull @DefaultValue("Steward service desk") String fromName,
                       @NotNull @Pattern(regexp = "|[A-Za-z0-9.-]+") @DefaultValue("") String messageIdDomain) {

        /** The domain Message-IDs are made in. */
        public String idDomain() {
            return messageIdDomain.isEmpty() ? from.substring(from.indexOf('@') + 1) : messageIdDomain;
        }
    }

    /**
     * @param sending         false: deliveries are written but this node sends none (a staging copy restored from production)
     * @param interval        how often the delivery pass looks for due deliveries
     * @param batchSize       deliveries leased in one claim at most (they are leased as sending slots come free)
     * @param concurrency     requests in flight at once per node
     * @param connectTimeout  to connect to a receiver
     * @param requestTimeout  for a receiver to answer, whole response included
     * @param lease           how long a claimed delivery stays with the node that claimed it (longer than a request)
     * @param retrySchedule   waits before each attempt after the first; when they are used up the delivery is dead
     * @param rotationOverlap how long the previous secret keeps signing beside the new one after a rotation
     * @param allowedCidrs    private ranges (such as {@code 10.20.0.0/16}) every endpoint may reach without its own flag
     */
    public record Webhooks(@DefaultValue("true") boolean sending,
                           @NotNull @DefaultValue("2s") java.time.Duration interval,
                           @jakarta.validation.constraints.Min(1) @DefaultValue("100") int batchSize,
                           @jakarta.validation.constraints.Min(1) @DefaultValue("32") int concurrency,
                           @NotNull @DefaultValue("5s") java.time.Duration connectTimeout,
                           @NotNull @DefaultValue("10s") java.time.Duration requestTimeout,
                           @NotNull @DefaultValue("60s") java.time.Duration lease,
                           @NotNull @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) java.util.List<java.time.Duration> retrySchedule,
                           @NotNull @DefaultValue("24h") java.time.Duration rotationOverlap,
                           @NotNull @DefaultValue java.util.List<String> allowedCidrs) {
    }

    /**
     * @param watch             whether this node watches mailboxes at all (one node per mailbox holds its lease)
     * @param idle              whether to wait in IMAP IDLE where the server offers it; false: poll every box (for
     *                          networks whose firewalls drop quiet connections unnoticed)
     * @param pollInterval      how often a mailbox without a working IDLE is looked at
     * @param lease             how long a node's claim on a mailbox lasts unless renewed; it renews at a third of this
     *                          (which also re-issues IDLE), and another node takes over once it lapsed
     * @param reconnectMin      first wait before reconnecting after a failure; doubled (with jitter) per failure
     * @param reconnectMax      longest wait between reconnects
     * @param connectTimeout    connect and read timeout of IMAP and token requests
     * @param reconcileInterval how often the set of enabled mailboxes is read again (changes on other nodes)
     * @param selfTestCheck     how often the self-test task runs (db-scheduler, one node)
     * @param selfTestInterval  how often each mailbox is sent a test message
     * @param selfTestDeadline  how long a test message may take to come back before the mailbox is reported failing
     * @param oauthWarnDays     days before an OAuth refresh token's expiry that admins are warned
     * @param maxBytes          a larger mail is kept unprocessed and its sender told so
     * @param senderLimit       how many mails one sender may send within {@code senderWindow} before the rest are kept unprocessed
     * @param senderWindow      the window of the per-sender rate limit
     */
    public record Inbound(@DefaultValue("true") boolean watch,
                          @DefaultValue("true") boolean idle,
                          @NotNull @DefaultValue("60s") Duration pollInterval,
                          @NotNull @DefaultValue("90s") Duration lease,
                          @NotNull @DefaultValue("2s") Duration reconnectMin,
                          @NotNull @DefaultValue("5m") Duration reconnectMax,
                          @NotNull @DefaultValue("20s") Duration connectTimeout,
                          @NotNull @DefaultValue("30s") Duration reconcileInterval,
                          @NotNull @DefaultValue("1m") Duration selfTestCheck,
                          @NotNull @DefaultValue("1h") Duration selfTestInterval,
                          @NotNull @DefaultValue("15m") Duration selfTestDeadline,
                          @Min(1) @Max(365) @DefaultValue("14") int oauthWarnDays,
                          @Min(1024) @DefaultValue("26214400") long maxBytes,
                          @Min(1) @DefaultValue("30") int senderLimit,
                          @NotNull @DefaultValue("1h") Duration senderWindow) {
    }

    /**
     * The SMTP server (a relay, Microsoft 365, Google) that delivers the outbox. With no host, mail stays queued and the
     * mail settings page says so.
     *
     * @param host           the server's name; empty: not configured
     * @param port           587 for STARTTLS, 465 for implicit TLS, 25 for a relay without TLS
     * @param security       NONE, STARTTLS (required, never silently skipped) or TLS (implicit, "SMTPS")
     * @param sslTrust       hosts whose certificate is trusted without a CA chain or name check (Jakarta Mail's
     *                       {@code ssl.trust}: a relay with a self-signed certificate on the MSP's own network); empty: the
     *                       JDK's trust store and the host name checked against the certificate
     * @param auth           NONE, PASSWORD or XOAUTH2 (OAuth 2 access token from a refresh token: Microsoft 365, Google)
     * @param username       the account to sign in as (PASSWORD and XOAUTH2)
     * @param password       its password (PASSWORD)
     * @param tokenEndpoint  the OAuth token endpoint (XOAUTH2), such as
     *                       {@code https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token} or {@code https://oauth2.googleapis.com/token}
     * @param clientId       the OAuth client id (XOAUTH2)
     * @param clientSecret   the OAuth client secret (XOAUTH2)
     * @param refreshToken   the long-lived refresh token exchanged for access tokens (XOAUTH2)
     * @param scope          the scope asked for with the refresh token; empty: none (the token's own)
     * @param pollInterval   how often a node looks for due mail
     * @param batchSize      how many mails one pass claims and sends over one connection
     * @param lease          how long a claimed mail stays with the node that claimed it; a node that dies leaves its claim
     *                       to be retaken after this. Keep it above three times {@code timeout}: a pass stops sending
     *                       when less than that (at most half the lease) is left
     * @param timeout        connect, read and write timeout of the SMTP connection
     */
    public record Smtp(@NotNull @DefaultValue("") String host,
                       @Min(1) @Max(65535) @DefaultValue("587") int port,
                       @NotNull @DefaultValue("STARTTLS") Security security,
                       @NotNull @DefaultValue("") String sslTrust,
                       @NotNull @DefaultValue("NONE") Auth auth,
                       @NotNull @DefaultValue("") String username,
                       @NotNull @DefaultValue("") String password,
                       @NotNull @DefaultValue("") String tokenEndpoint,
                       @NotNull @DefaultValue("") String clientId,
                       @NotNull @DefaultValue("") String clientSecret,
                       @NotNull @DefaultValue("") String refreshToken,
                       @NotNull @DefaultValue("") String scope,
                       @NotNull @DefaultValue("5s") Duration pollInterval,
                       @Min(1) @Max(500) @DefaultValue("20") int batchSize,
                       @NotNull @DefaultValue("10m") Duration lease,
                       @NotNull @DefaultValue("20s") Duration timeout) {

        /** Whether a server is set at all; without one, mail waits in the outbox. */
        public boolean configured() {
            return !host.isBlank();
        }

        /** How the connection is protected. */
        public enum Security { NONE, STARTTLS, TLS }

        /** How Steward signs in to the server. */
        public enum Auth { NONE, PASSWORD, XOAUTH2 }
    }

    /**
     * @param publicUrl the address people reach Steward at ({@code https://desk.msp.example}, nothing after it), put in
     *                  front of the links in mails
     */
    public record Links(@NotBlank @Pattern(regexp = "https?://[^\\s/?#]+") @DefaultValue("http://localhost:8080") String publicUrl) {

        /** The absolute address of a server path ({@code /portal/tickets/...}). */
        public String to(String path) {
            return publicUrl + path;
        }
    }
}
