package io.steward.server.alerting;

import java.util.List;
import java.util.UUID;

import io.steward.server.alerting.internal.AlertSourceAdministration;
import io.steward.server.alerting.internal.ExternalAlertStore;
import io.steward.server.alerting.internal.InboundAlerts;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alerts from other monitors: a client's alert sources (Alertmanager, Uptime Kuma, generic JSON), each posting to its own
 * hook with its own secret, and the external alerts they sent. An external alert opens an incident for the matching
 * device of the source's client, or for the client, through {@link ExternalAlertFired}; a repeat notes it
 * ({@link ExternalAlertRepeated}); the source's resolve settles it ({@link ExternalAlertResolved}) as Steward's own
 * alerts do. The hook itself is {@code web.AlertHookChannel}.
 */
@Service
public class AlertSourceService {
    private final AlertSourceAdministration administration;
    private final InboundAlerts inbound;
    private final ExternalAlertStore store;

    public AlertSourceService(AlertSourceAdministration administration, InboundAlerts inbound, ExternalAlertStore store) {
        this.administration = administration;
        this.inbound = inbound;
        this.store = store;
    }

    /** A source as submitted: its kind (ALERTMANAGER, UPTIME_KUMA or GENERIC) and a name staff recognise. */
    public record SourceDraft(@NotBlank String kind, @NotBlank @Size(max = 100) String name) {
    }

    /** A change of name and/or of whether the source is accepted (null keeps the current value). */
    public record SourceChange(@Size(min = 1, max = 100) String name, Boolean enabled) {
    }

    /** The client's sources (staff who serve the client). */
    public List<AlertSource> sources(Viewer viewer, ClientId client) {
        return administration.list(viewer, client);
    }

    public AlertSource source(Viewer viewer, ClientId client, UUID id) {
        return administration.get(viewer, client, id);
    }

    /** Creates a source and its secret, shown this once. */
    public AlertSourceSecret create(Viewer viewer, ClientId client, SourceDraft draft) {
        if (draft == null) {
            throw new InvalidInputException("kind", "kind and name are required.");
        }
        return administration.create(viewer, client, draft.kind(), draft.name());
    }

    /** Replaces a source's secret; the old one stops working at once. */
    public AlertSourceSecret rotateSecret(Viewer viewer, ClientId client, UUID id) {
        return administration.rotate(viewer, client, id);
    }

    public AlertSource update(Viewer viewer, ClientId client, UUID id, SourceChange change) {
        return administration.update(viewer, client, id, change == null ? null : change.name(), change == null ? null : change.enabled());
    }

    /** Deletes a source and the alerts it sent; the incidents they opened stay. */
    public void delete(Viewer viewer, ClientId client, UUID id) {
        administration.delete(viewer, client, id);
    }

    /** External alerts in the caller's scope, newest first; state OPEN or RESOLVED, optionally one client's (staff). */
    @Transactional(readOnly = true)
    public List<ExternalAlert> externalAlerts(Viewer viewer, String state, ClientId client) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
        String s = state == null || state.isBlank() ? null : state;
        if (s != null && !s.equals("OPEN") && !s.equals("RESOLVED")) {
            throw new InvalidInputException("state", "state is OPEN or RESOLVED.");
        }
        if (client != null && !viewer.scope().covers(client)) {
            throw new NotFoundException("No such client.");
        }
        return store.list(viewer.scope(), s, client, null, null);
    }

    /** The external alerts matched to a device, newest first (staff who see the device's client). */
    @Transactional(readOnly = true)
    public List<ExternalAlert> externalAlerts(Viewer viewer, io.steward.server.shared.DeviceId device) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
        return store.list(viewer.scope(), null, null, device.value(), null);
    }

    /** The newest external alert that opened or re-fired this incident, for its ticket page; empty for other tickets and for client users. */
    @Transactional(readOnly = true)
    public java.util.Optional<ExternalAlert> ofIncident(Viewer viewer, UUID ticketId) {
        if (!viewer.isStaff()) {
            return java.util.Optional.empty();
        }
        return store.list(viewer.scope(), null, null, null, ticketId).stream().findFirst();
    }

    /** Records the incident an external alert opened (in the alert's transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachTicket(UUID externalAlertId, UUID ticketId) {
        store.attachTicket(externalAlertId, ticketId);
    }

    // ---- the hook (no session: the source's secret is the credential)

    /** Whether a request may post as the source: 200 with the caller, 401 (unknown source or wrong secret, alike) or 403 (switched off). */
    public InboundAlerts.Check checkHook(String sourceId, String authorization) {
        return inbound.check(sourceId, authorization);
    }

    /** Applies an authenticated request's body; InvalidInputException (400, with the field) when it is malformed. */
    public InboundAlerts.Receipt receive(InboundAlerts.Caller caller, byte[] body) {
        return inbound.receive(caller, body);
    }

    /** Records why an authenticated request was refused (too large, switched off) on the source. */
    public void refused(InboundAlerts.Caller caller, String error) {
        inbound.refused(caller, error);
    }
}
