package io.steward.server.notify;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
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
 * @param inbound mail that arrives in the MSP's mailboxes
 */
@Validated
@ConfigurationProperties("steward.notify")
public record NotifyProperties(@Valid @NotNull @DefaultValue Mail mail,
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
     * @param maxBytes     a larger mail is kept unprocessed and its sender told so
     * @param senderLimit  how many mails one sender may send within {@code senderWindow} before the rest are kept unprocessed
     * @param senderWindow the window of the per-sender rate limit
     */
    public record Inbound(@Min(1024) @DefaultValue("26214400") long maxBytes,
                          @Min(1) @DefaultValue("30") int senderLimit,
                          @NotNull @DefaultValue("1h") Duration senderWindow) {
    }
}
