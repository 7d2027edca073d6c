package io.steward.server.alerting.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.server.alerting.AlertSource;
import io.steward.server.alerting.AlertSourceSecret;
import io.steward.server.alerting.AlertingPermissions;
import io.steward.server.audit.AuditLog;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A client's alert sources as staff manage them: staff who serve the client see them; those who may manage sources
 * create, rename, switch off, rotate and delete them. Every change of a secret is audited (it lets someone open incidents).
 */
@Component
public class AlertSourceAdministration {
    static final Set<String> KINDS = Set.of("ALERTMANAGER", "UPTIME_KUMA", "GENERIC");

    private final AlertSourceRepository sources;
    private final AuditLog audit;
    private final Clock clock;

    AlertSourceAdministration(AlertSourceRepository sources, AuditLog audit, Clock clock) {
        this.sources = sources;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<AlertSource> list(Viewer viewer, ClientId client) {
        visible(viewer, client);
        return sources.ofClient(client);
    }

    @Transactional(readOnly = true)
    public AlertSource get(Viewer viewer, ClientId client, UUID id) {
        visible(viewer, client);
        return sources.find(client, id).orElseThrow(() -> new NotFoundException("No such alert source."));
    }

    @Transactional
    public AlertSourceSecret create(Viewer viewer, ClientId client, String kind, String name) {
        writable(viewer, client);
        String k = kind == null ? "" : kind.strip().toUpperCase(java.util.Locale.ROOT);
        if (!KINDS.contains(k)) {
            throw new InvalidInputException("kind", "kind is ALERTMANAGER, UPTIME_KUMA or GENERIC.");
        }
        String n = name(name);
        UUID id = UUID.randomUUID();
        audit.record("alert_source.created", "alert_source", id.toString(), client, Map.of("kind", k, "name", n));
        String secret = AlertSourceSecrets.generate();
        sources.insert(id, client, k, n, AlertSourceSecrets.hash(secret), clock.instant());
        return new AlertSourceSecret(sources.find(client, id).orElseThrow(), secret);
    }

    /** A new secret; the old one stops working at once (the sender must be given the new one). */
    @Transactional
    public AlertSourceSecret rotate(Viewer viewer, ClientId client, UUID id) {
        AlertSource s = writableSource(viewer, client, id);
        audit.record("alert_source.secret_rotated", "alert_source", id.toString(), client, Map.of("name", s.name()));
        String secret = AlertSourceSecrets.generate();
        Instant now = clock.instant();
        sources.rotate(id, AlertSourceSecrets.hash(secret), now);
        return new AlertSourceSecret(sources.find(client, id).orElseThrow(), secret);
    }

    /** Renames a source and/or switches it on or off (null keeps what is there). */
    @Transactional
    public AlertSource update(Viewer viewer, ClientId client, UUID id, String name, Boolean enabled) {
        AlertSource s = writableSource(viewer, client, id);
        String n = name == null ? s.name() : name(name);
        boolean on = enabled == null ? s.enabled() : enabled;
        audit.record("alert_source.updated", "alert_source", id.toString(), client, Map.of("name", n, "enabled", on));
        sources.update(id, n, on);
        return sources.find(client, id).orElseThrow();
    }

    /** Deletes a source with the alerts it sent; their incidents stay. */
    @Transactional
    public void delete(Viewer viewer, ClientId client, UUID id) {
        AlertSource s = writableSource(viewer, client, id);
        audit.record("alert_source.deleted", "alert_source", id.toString(), client, Map.of("name", s.name(), "kind", s.kind()));
        sources.delete(id);
    }

    private static String name(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) {
            throw new InvalidInputException("name", "Name the source (1 to 100 characters).");
        }
        return n;
    }

    private AlertSource writableSource(Viewer viewer, ClientId client, UUID id) {
        writable(viewer, client);
        return sources.find(client, id).orElseThrow(() -> new NotFoundException("No such alert source."));
    }

    private static void visible(Viewer viewer, ClientId client) {
        if (!viewer.isStaff() || !viewer.scope().covers(client)) {
            throw new NotFoundException("No such client.");
        }
    }

    private static void writable(Viewer viewer, ClientId client) {
        visible(viewer, client);
        AlertingPermissions.MANAGE_SOURCES.require(viewer);
    }
}
