package io.steward.server.notify.internal.webhook;

import java.util.List;
import java.util.UUID;

/**
 * An endpoint as it is created or replaced.
 *
 * @param clientId            null: an MSP-wide endpoint (MSP admins only)
 * @param format              STANDARD (default), SLACK or TEAMS
 * @param eventTypes          codes such as {@code ticket.created}; at least one
 * @param allowPrivateNetwork MSP admins only: let the URL resolve to a loopback, private or link-local address (null: no)
 * @param enabled             null keeps the current state (a new endpoint starts enabled)
 */
public record WebhookEndpointDraft(String name, UUID clientId, String url, WebhookFormat format, List<String> eventTypes,
                                   Boolean allowPrivateNetwork, Boolean enabled) {

    public boolean privateNetworkAllowed() {
        return Boolean.TRUE.equals(allowPrivateNetwork);
    }
}
