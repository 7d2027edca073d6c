package io.steward.server.notify.internal.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ClientSummary;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes one delivery per listening endpoint, in the caller's transaction: a webhook exists exactly when what it
 * announces committed, and sending is left to the delivery pass, so a slow receiver never slows the change itself.
 * A ticket written by group commit is announced just after its commit, outside a transaction: its deliveries are then
 * written in a transaction of their own right after it (as its in-app notifications are).
 * An MSP-wide endpoint hears every client's events; a client's endpoint hears only that client's.
 *
 * <p>The payload (documented in the README): {@code type}, {@code timestamp} (ISO-8601, UTC) and {@code data} with
 * {@code summary} (one sentence), {@code client} ({@code id}, {@code name}), the item's ids and names, and
 * {@code links} to its page in Steward. Internal notes' text never goes out.
 */
@Component
public class WebhookOutbox {
    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final ClientService clients;
    private final ObjectMapper json;
    private final NotifyProperties properties;
    private final Clock clock;

    WebhookOutbox(EndpointRepository endpoints, DeliveryRepository deliveries, ClientService clients, ObjectMapper json, NotifyProperties properties,
                  Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.clients = clients;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Queues {@code type} about {@code client} (null: about no client) for every endpoint that hears it; {@code data}
     * gets the client and absolute links added. Answers how many deliveries were written.
     */
    @Transactional
    public int enqueue(WebhookEventType type, ClientId client, Map<String, Object> data) {
        UUID clientId = client == null ? null : client.value();
        List<UUID> listening = endpoints.listening(clientId, type.code());
        if (listening.isEmpty()) {
            return 0;
        }
        String payload = payload(type, client, data);
        Instant now = clock.instant();
        for (UUID endpoint : listening) {
            deliveries.insert(UUID.randomUUID(), newMessageId(), endpoint, clientId, type.code(), payload, now);
        }
        return listening.size();
    }

    /** Whether an endpoint may hear {@code type} about {@code client}: when not, there is no payload to build. */
    public boolean mayHear(WebhookEventType type, ClientId client) {
        return endpoints.mayHear(client == null ? null : client.value(), type.code());
    }

    /** A delivery of {@code type} to one endpoint whatever it subscribed to (the test event); answers the delivery's id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID enqueueTo(UUID endpointId, UUID clientId, WebhookEventType type, Map<String, Object> data) {
        UUID id = UUID.randomUUID();
        deliveries.insert(id, newMessageId(), endpointId, clientId, type.code(),
                payload(type, clientId == null ? null : new ClientId(clientId), data), clock.instant());
        return id;
    }

    private String payload(WebhookEventType type, ClientId client, Map<String, Object> data) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        if (client != null) {
            String name = clients.summaries(TenantScope.of(client)).stream().filter(c -> c.id().equals(client)).map(ClientSummary::name)
                    .findFirst().orElse(null);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", client.value().toString());
            c.put("name", name);
            d.put("client", c);
        }
        if (d.get("links") instanceof Map<?, ?> links) {
            Map<String, Object> absolute = new LinkedHashMap<>();
            links.forEach((k, v) -> absolute.put(String.valueOf(k), properties.links().to(String.valueOf(v))));
            d.put("links", absolute);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type.code());
        event.put("timestamp", clock.instant().toString());
        event.put("data", d);
        return json.writeValueAsString(event);
    }

    /** The webhook-id: {@code msg_} and 32 hex digits, unique and the same on every attempt. */
    static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }
}
