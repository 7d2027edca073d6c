package io.steward.server.notify.internal.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A receiver of webhooks, as the pages and the API show it (never with its secret).
 *
 * @param clientId            null: the MSP's endpoint, which hears the events of every client
 * @param eventTypes          the event type codes it receives, such as {@code ticket.created}
 * @param previousSecretUntil during a rotation, until when the previous secret still signs beside the new one; else null
 * @param disabledReason      why it was disabled (by a person or after a 410 Gone); null while enabled
 * @param allowPrivateNetwork set by an MSP admin: the URL may resolve to a loopback, private or link-local address
 */
public record WebhookEndpoint(UUID id, UUID clientId, String clientName, String name, String url, WebhookFormat format, List<String> eventTypes,
                              boolean enabled, String disabledReason, boolean allowPrivateNetwork, Instant previousSecretUntil,
                              Instant createdAt, Instant updatedAt, int version) {
    public WebhookEndpoint {
        eventTypes = List.copyOf(eventTypes);
    }
}
