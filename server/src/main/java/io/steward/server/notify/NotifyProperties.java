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
 * @param mail    outgoing email
 * @param inbound the mailboxes Steward fetches mail from
 */
@Validated
@ConfigurationProperties("steward.notify")
public record NotifyProperties(@Valid @NotNull @DefaultValue Mail mail, @Valid @NotNull @DefaultValue Inbound inbound) {

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
                          @Min(1) @Max(365) @DefaultValue("14") int oauthWarnDays) {
    }
}
