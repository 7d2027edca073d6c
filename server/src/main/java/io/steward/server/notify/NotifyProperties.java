package io.steward.server.notify;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the notify module ({@code steward.notify.*}): how Steward talks to people and other systems.
 *
 * @param mail outgoing email
 */
@Validated
@ConfigurationProperties("steward.notify")
public record NotifyProperties(@Valid @NotNull @DefaultValue Mail mail) {

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
}
