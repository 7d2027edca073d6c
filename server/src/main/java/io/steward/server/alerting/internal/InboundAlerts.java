package io.steward.server.alerting.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.alerting.AlertingProperties;
import io.steward.server.alerting.ExternalAlertFired;
import io.steward.server.alerting.ExternalAlertRepeated;
import io.steward.server.alerting.ExternalAlertResolved;
import io.steward.server.alerting.internal.inbound.InboundAlert;
import io.steward.server.alerting.internal.inbound.InboundPayloads;
import io.steward.server.alerting.internal.inbound.InboundSeverity;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a source's hook does with a request: checks the secret (an unknown source and a wrong secret look the same),
 * reads the body in the source's format, and turns each alert into an occurrence of the source's client, in that
 * client's scope and one transaction: a new firing opens one (ExternalAlertFired, whose incident commits with it; inside a
 * maintenance window it is recorded and opens nothing, as Steward's own alerts), a
 * repeat counts (ExternalAlertRepeated), a resolve closes it at the source's end time (ExternalAlertResolved). The
 * client comes from the source, never from the body: a body naming another client's device matches nothing.
 */
@Component
public class InboundAlerts {
    private final AlertSourceRepository sources;
    private final ExternalAlertStore store;
    private final AlertStore alertStore;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final AlertingProperties properties;
    private final Clock clock;

    InboundAlerts(AlertSourceRepository sources, ExternalAlertStore store, AlertStore alertStore, ObjectMapper json, ApplicationEventPublisher events,
                  TransactionTemplate tx, AlertingProperties properties, Clock clock) {
        this.sources = sources;
        this.store = store;
        this.alertStore = alertStore;
        this.json = json;
        this.events = events;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /** The source a request proved it speaks for. */
    public record Caller(UUID sourceId, ClientId clientId, String kind, String name) {
    }

    /** The verdict on a request's credentials: {@code caller} when it may post, else the status to answer (401 or 403). */
    public record Check(Caller caller, int status) {
    }

    /** What one request did. */
    public record Receipt(int opened, int repeated, int resolved, int ignored) {
    }

    /** Checks {@code Authorization: Bearer <secret>} against the source's hash; the look-up is the system's, as nobody is signed in. */
    public Check check(String sourceId, String authorization) {
        UUID id;
        try {
            id = sourceId == null ? null : UUID.fromString(sourceId);
        } catch (IllegalArgumentException e) {
            id = null;
        }
        UUID wanted = id;
        Optional<AlertSourceRepository.Credentials> found = wanted == null ? Optional.empty()
                : TenantContext.callAsSystem(() -> sources.credentials(wanted));
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : null;
        if (!AlertSourceSecrets.matches(presented, found.map(AlertSourceRepository.Credentials::secretHash).orElse(null))) {
            return new Check(null, 401);
        }
        AlertSourceRepository.Credentials c = found.get();
        Caller caller = new Caller(c.id(), c.clientId(), c.kind(), c.name());
        return c.enabled() ? new Check(caller, 200) : new Check(caller, 403);
    }

    /** Records why an authenticated request was refused, for the source's page. */
    public void refused(Caller caller, String error) {
        TenantContext.runAs(TenantScope.of(caller.clientId()),
                () -> tx.executeWithoutResult(s -> sources.received(caller.sourceId(), clock.instant(), error)));
    }

    /** Reads and applies a body; a malformed one is refused (InvalidInputException with the field) and recorded as the source's last error. */
    public Receipt receive(Caller caller, byte[] body) {
        Instant now = clock.instant();
        List<InboundAlert> alerts;
        try {
            alerts = parse(caller.kind(), body, now);
        } catch (InvalidInputException e) {
            refused(caller, e.fieldErrors().keySet().iterator().next() + ": " + e.getMessage());
            throw e;
        }
        return TenantContext.callAs(TenantScope.of(caller.clientId()), () -> tx.execute(s -> {
            sources.received(caller.sourceId(), now, null);
            int opened = 0;
            int repeated = 0;
            int resolved = 0;
            int ignored = 0;
            for (InboundAlert a : alerts) {
                if (a.firing()) {
                    if (fire(caller, a, now)) {
                        opened++;
                    } else {
                        repeated++;
                    }
                } else if (resolve(caller, a, now)) {
                    resolved++;
                } else {
                    ignored++;
                }
            }
            return new Receipt(opened, repeated, resolved, ignored);
        }));
    }

    private List<InboundAlert> parse(String kind, byte[] body, Instant now) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "The body is not valid JSON.");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidInputException("body", "The body is empty.");
        }
        return switch (kind) {
            case "ALERTMANAGER" -> InboundPayloads.alertmanager(tree, now);
            case "UPTIME_KUMA" -> InboundPayloads.uptimeKuma(tree, now);
            default -> InboundPayloads.generic(tree, now);
        };
    }

    /** True if it opened an occurrence, false if it repeated an open one. */
    private boolean fire(Caller caller, InboundAlert a, Instant now) {
        Optional<ExternalAlertStore.Open> open = store.repeat(caller.sourceId(), a.fingerprint(), now);
        if (open.isPresent()) {
            announceRepeat(caller, open.get());
            return false;
        }
        ExternalAlertStore.Match device = store.device(caller.clientId(), a.hosts()).orElse(null);
        // Inside a maintenance window of the device (or its site, or the whole client) it is recorded but opens nothing.
        UUID window = alertStore.activeWindow(caller.clientId().value(), device == null ? null : device.deviceId(),
                device == null ? null : device.siteId(), now);
        Optional<UUID> id = store.open(caller.sourceId(), caller.clientId(), device, a, window, now);
        if (id.isEmpty()) {
            // Another request of the same source opened it a moment ago: this one is a repeat.
            store.repeat(caller.sourceId(), a.fingerprint(), now).ifPresent(o -> announceRepeat(caller, o));
            return false;
        }
        if (window != null) {
            return true;
        }
        // "Fired again soon after it cleared" on the source's own timeline: its new start against the last occurrence's end.
        UUID previous = store.recentTicket(caller.sourceId(), a.fingerprint(), a.startsAt().minus(properties.refireWindow())).orElse(null);
        events.publishEvent(new ExternalAlertFired(id.get(), caller.clientId(), device == null ? null : new DeviceId(device.deviceId()),
                device == null ? null : device.hostname(), caller.name(), a.title(), a.description(), a.severity(),
                InboundSeverity.impact(a.severity(), device == null ? null : device.criticality()), InboundSeverity.urgency(a.severity()),
                a.startsAt(), previous));
        return true;
    }

    private void announceRepeat(Caller caller, ExternalAlertStore.Open o) {
        events.publishEvent(new ExternalAlertRepeated(o.id(), caller.clientId(), o.ticketId(), caller.name(), o.title(), o.repeats()));
    }

    private boolean resolve(Caller caller, InboundAlert a, Instant now) {
        Instant at = a.endsAt() == null || a.endsAt().isAfter(now) ? now : a.endsAt();
        Optional<ExternalAlertStore.Open> done = store.resolve(caller.sourceId(), a.fingerprint(), at);
        done.ifPresent(o -> events.publishEvent(new ExternalAlertResolved(o.id(), caller.clientId(), o.ticketId(), caller.name(), o.title(), at)));
        return done.isPresent();
    }
}
