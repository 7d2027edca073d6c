package io.steward.server.servicedesk;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the service desk ({@code steward.servicedesk.*}).
 *
 * @param reopenWindow     how long after resolution a ticket may be reopened
 * @param autoCloseAfter   resolved tickets close by themselves after this long
 * @param escalateOnBreach raise a breached ticket to the next tier's queue
 * @param slaCheckInterval how often due instants are checked; warnings and breaches surface within it
 * @param maxAttachmentBytes the largest file that can be attached to a ticket
 */
@Validated
@ConfigurationProperties("steward.servicedesk")
public record ServiceDeskProperties(@NotNull @DefaultValue("7d") Duration reopenWindow,
                                    @NotNull @DefaultValue("3d") Duration autoCloseAfter,
                                    @DefaultValue("false") boolean escalateOnBreach,
                                    @NotNull @DefaultValue("2s") Duration slaCheckInterval,
                                    @jakarta.validation.constraints.Min(1024) @DefaultValue("10485760") long maxAttachmentBytes) {
}
