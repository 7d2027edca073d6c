package io.steward.server.notify.internal.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.notify.NotifyProperties;
import io.steward.server.platform.SecretBox;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhook endpoints and their delivery logs. Who may do what: MSP admins manage every endpoint; service managers read
 * the endpoints of the clients they serve and the MSP-wide ones, and manage their clients' endpoints (a client's
 * integration is part of serving it), but not the MSP-wide ones, which hear every client. Only an MSP admin may let an
 * endpoint reach the private network. Technicians and client users see none: URLs name internal systems.
 */
@Service
public class WebhookService {
    private static final Role[] READERS = {Role.MSP_ADMIN, Role.SERVICE_MANAGER};
    private static final int LOG_SIZE = 100;
    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final WebhookOutbox outbox;
    private final ClientService clients;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final NotifyProperties properties;
    private final AddressGuard guard;
    private final Clock clock;

    public WebhookService(EndpointRepository endpoints, DeliveryRepository deliveries, WebhookOutbox outbox, ClientService clients, SecretBox secrets,
                          AuditLog audit, NotifyProperties properties, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.clients = clients;
        this.secrets = secrets;
        this.audit = audit;
        this.properties = properties;
        this.guard = new AddressGuard(properties.webhooks().allowedCidrs());
        this.clock = clock;
    }

    /** An endpoint with its secret, which is shown this once. */
    public record WithSecret(WebhookEndpoint endpoint, String secret) {
    }

    /** The endpoints the viewer sees; with {@code clientId}, only that client's. */
    @Transactional(readOnly = true)
    public List<WebhookEndpoint> list(Viewer viewer, UUID clientId) {
        requireReader(viewer);
        return endpoints.list(viewer.scope(), clientId);
    }

    @Transactional(readOnly = true)
    public WebhookEndpoint get(Viewer viewer, UUID id) {
        requireReader(viewer);
        return endpoints.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such webhook endpoint."));
    }

    @Transactional
    public WithSecret create(Viewer viewer, WebhookEndpointDraft draft) {
        EndpointRepository.Values v = values(viewer, draft, null);
        UUID id = UUID.randomUUID();
        String secret = WebhookSignature.newSecret();
        audit.record("webhook.created", "webhook_endpoint", id.toString(), clientOf(v.clientId()), details(v));
        endpoints.insert(id, v, secrets.seal(secret), clock.instant());
        return new WithSecret(get(viewer, id), secret);
    }

    @Transactional
    public WebhookEndpoint update(Viewer viewer, UUID id, WebhookEndpointDraft draft, int expectedVersion) {
        WebhookEndpoint before = get(viewer, id);
        requireManager(viewer, before.clientId());
        EndpointRepository.Values v = values(viewer, draft, before);
        boolean enabled = draft.enabled() == null ? before.enabled() : draft.enabled();
        String reason = enabled ? null : before.enabled() ? "Disabled by " + viewer.displayName() + "." : before.disabledReason();
        audit.record("webhook.updated", "webhook_endpoint", id.toString(), clientOf(v.clientId()), details(v));
        if (!endpoints.update(id, v, enabled, reason, expectedVersion, clock.instant())) {
            throw new StaleVersionException(before.version(), before);
        }
        return get(viewer, id);
    }

    @Transactional
    public WebhookEndpoint setEnabled(Viewer viewer, UUID id, boolean enabled) {
        WebhookEndpoint e = get(viewer, id);
        requireManager(viewer, e.clientId());
        audit.record(enabled ? "webhook.enabled" : "webhook.disabled", "webhook_endpoint", id.toString(), clientOf(e.clientId()), Map.of("name", e.name()));
        endpoints.setEnabled(id, enabled, "Disabled by " + viewer.displayName() + ".", clock.instant());
        return get(viewer, id);
    }

    @Transactional
    public void delete(Viewer viewer, UUID id) {
        WebhookEndpoint e = get(viewer, id);
        requireManager(viewer, e.clientId());
        audit.record("webhook.deleted", "webhook_endpoint", id.toString(), clientOf(e.clientId()), Map.of("name", e.name()));
        endpoints.delete(id);
    }

    /** A new secret, answered this once; the previous one keeps signing beside it for the configured overlap. */
    @Transactional
    public WithSecret rotateSecret(Viewer viewer, UUID id) {
        WebhookEndpoint e = get(viewer, id);
        requireManager(viewer, e.clientId());
        Instant now = clock.instant();
        String secret = WebhookSignature.newSecret();
        Instant until = now.plus(properties.webhooks().rotationOverlap());
        audit.record("webhook.secret_rotated", "webhook_endpoint", id.toString(), clientOf(e.clientId()), Map.of("previousUntil", until.toString()));
        endpoints.rotate(id, secrets.seal(secret), until, now);
        return new WithSecret(get(viewer, id), secret);
    }

    /** Queues a {@code webhook.test} event to the endpoint, whatever it subscribed to; answers the delivery. */
    @Transactional
    public WebhookDelivery sendTest(Viewer viewer, UUID id) {
        WebhookEndpoint e = get(viewer, id);
        requireManager(viewer, e.clientId());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", "Test event for " + e.name() + ", sent by " + viewer.displayName());
        data.put("endpoint", Map.of("id", id.toString(), "name", e.name()));
        data.put("links", Map.of("endpoint", "/settings/webhooks/" + id));
        UUID delivery = outbox.enqueueTo(id, e.clientId(), WebhookEventType.TEST, data);
        return deliveries.find(viewer.scope(), delivery).orElseThrow();
    }

    /** The newest deliveries of an endpoint with their attempts; {@code status} PENDING, DELIVERED or DEAD, or null for all. */
    @Transactional(readOnly = true)
    public List<WebhookDelivery> deliveries(Viewer viewer, UUID endpointId, String status) {
        get(viewer, endpointId);
        if (status != null && !List.of("PENDING", "DELIVERED", "DEAD").contains(status)) {
            throw new InvalidInputException("status", "Choose PENDING, DELIVERED or DEAD.");
        }
        return deliveries.ofEndpoint(viewer.scope(), endpointId, status, LOG_SIZE);
    }

    @Transactional(readOnly = true)
    public WebhookDelivery delivery(Viewer viewer, UUID deliveryId) {
        requireReader(viewer);
        return deliveries.find(viewer.scope(), deliveryId).orElseThrow(() -> new NotFoundException("No such webhook delivery."));
    }

    /** Sends the delivery again on the next pass, with the same webhook-id, so a receiver that got it already can tell. */
    @Transactional
    public WebhookDelivery replay(Viewer viewer, UUID deliveryId) {
        WebhookDelivery d = delivery(viewer, deliveryId);
        WebhookEndpoint e = get(viewer, d.endpointId());
        requireManager(viewer, e.clientId());
        audit.record("webhook.replayed", "webhook_delivery", deliveryId.toString(), clientOf(d.clientId()), Map.of("messageId", d.messageId()));
        if (!deliveries.replay(viewer.scope(), deliveryId, clock.instant())) {
            throw new io.steward.server.shared.ConflictException("This delivery is being sent right now; replay it once the attempt is logged.");
        }
        return delivery(viewer, deliveryId);
    }

    /** Whether the viewer may manage endpoints of {@code clientId} (null: MSP-wide), for pages to offer the forms. */
    public static boolean manages(Viewer viewer, UUID clientId) {
        if (viewer == null || viewer.readOnly()) {
            return false;
        }
        return viewer.hasRole(Role.MSP_ADMIN) || (clientId != null && viewer.hasRole(Role.SERVICE_MANAGER) && viewer.scope().covers(new ClientId(clientId)));
    }

    /**
     * The checked fields of {@code d}; {@code before} is the endpoint being replaced (null for a new one). A non-admin may
     * keep an admin's private-network flag only with the URL the admin allowed.
     */
    private EndpointRepository.Values values(Viewer viewer, WebhookEndpointDraft d, WebhookEndpoint before) {
        requireManager(viewer, d.clientId());
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidInputException("name", "Give the endpoint a name of at most 100 characters.");
        }
        if (d.clientId() != null && !clients.exists(viewer.scope(), new ClientId(d.clientId()))) {
            throw new InvalidInputException("clientId", "No such client.");
        }
        List<String> types = new ArrayList<>();
        for (String t : d.eventTypes() == null ? List.<String>of() : d.eventTypes()) {
            WebhookEventType type = WebhookEventType.ofCode(t).filter(x -> x != WebhookEventType.TEST)
                    .orElseThrow(() -> new InvalidInputException("eventTypes", "Unknown event type '" + t + "'."));
            if (!types.contains(type.code())) {
                types.add(type.code());
            }
        }
        if (types.isEmpty()) {
            throw new InvalidInputException("eventTypes", "Choose at least one event.");
        }
        String url = d.url() == null ? "" : d.url().strip();
        boolean keptAsAllowed = before != null && before.allowPrivateNetwork() && before.url().equals(url);
        if (d.privateNetworkAllowed() && !keptAsAllowed && !viewer.hasRole(Role.MSP_ADMIN)) {
            throw new InvalidInputException("allowPrivateNetwork", "Only an MSP admin may let an endpoint reach the private network.");
        }
        if (url.length() > 2000) {
            throw new InvalidInputException("url", "At most 2,000 characters.");
        }
        String refusal = guard.refusal(url, d.privateNetworkAllowed());
        if (refusal != null) {
            throw new InvalidInputException("url", refusal);
        }
        return new EndpointRepository.Values(d.clientId(), name, url, d.format() == null ? WebhookFormat.STANDARD : d.format(), types,
                d.privateNetworkAllowed());
    }

    private static void requireReader(Viewer viewer) {
        if (!viewer.hasRole(READERS)) {
            throw new ForbiddenException("Webhooks are for MSP admins and service managers.");
        }
    }

    private static void requireManager(Viewer viewer, UUID clientId) {
        requireReader(viewer);
        if (viewer.readOnly()) {
            throw new ForbiddenException("This API token is read-only.");
        }
        if (!manages(viewer, clientId)) {
            throw new ForbiddenException(clientId == null ? "Only MSP admins manage MSP-wide webhooks." : "You do not manage this client's webhooks.");
        }
    }

    private static ClientId clientOf(UUID clientId) {
        return clientId == null ? null : new ClientId(clientId);
    }

    private static Map<String, Object> details(EndpointRepository.Values v) {
        return Map.of("name", v.name(), "url", v.url(), "format", v.format().name(), "eventTypes", v.eventTypes(),
                "allowPrivateNetwork", v.allowPrivateNetwork());
    }
}
