package io.steward.server.patching;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.patching.internal.CycleRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The standard cycles Steward runs by itself (see {@link PatchCycleRun}): staff who serve the client see them; a
 * service manager or an admin resumes a stopped cycle (past the pilot's failure threshold, or after fixing what was
 * missing) or cancels a running or stopped one, which then starts no more tasks. Audited.
 */
@Service
public class PatchCycles {
    private static final int LIMIT = 200;

    private final CycleRepository repository;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    public PatchCycles(CycleRepository repository, ClientService clients, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /** The cycles of the clients in scope (optionally one), newest first. */
    @Transactional(readOnly = true)
    public List<PatchCycleRun> list(Viewer viewer, ClientId client) {
        PatchPolicies.requireStaff(viewer);
        if (client != null) {
            clients.get(viewer, client);
        }
        return repository.list(viewer.scope(), client, LIMIT);
    }

    /** One cycle; 404 outside the viewer's scope. */
    @Transactional(readOnly = true)
    public PatchCycleRun get(Viewer viewer, UUID id) {
        PatchPolicies.requireStaff(viewer);
        return repository.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such patch cycle."));
    }

    /**
     * Resumes a stopped cycle: the next pass goes on where it stopped. Stopped at the pilot's failure threshold, the rest
     * ring then follows the pilot whatever its failures (the person decided so).
     */
    @Transactional
    public PatchCycleRun resume(Viewer viewer, UUID id) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        PatchCycleRun c = locked(viewer, id);
        if (!"STOPPED".equals(c.state())) {
            throw new ConflictException("state", "Only a stopped cycle can be resumed; this one is " + c.state().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        boolean atGate = c.rings().size() > 1 && c.rings().get(0).done() && "PENDING".equals(c.rings().get(1).phase());
        audit.record("patch_cycle.resumed", "patch_cycle", id.toString(), c.clientId(), Map.of("reason", c.reason() == null ? "" : c.reason(),
                "pastThreshold", atGate));
        repository.state(id, "RUNNING", null, clock.instant(), viewer.email(), atGate ? Boolean.TRUE : null);
        return get(viewer, id);
    }

    /** Cancels a running or stopped cycle: it starts no more tasks (those already running finish as they are). */
    @Transactional
    public PatchCycleRun cancel(Viewer viewer, UUID id) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        PatchCycleRun c = locked(viewer, id);
        if (!"STOPPED".equals(c.state()) && !"RUNNING".equals(c.state())) {
            throw new ConflictException("state", "This cycle is " + c.state().toLowerCase(java.util.Locale.ROOT) + " already.");
        }
        audit.record("patch_cycle.cancelled", "patch_cycle", id.toString(), c.clientId(), Map.of("was", c.state()));
        repository.state(id, "CANCELLED", "Cancelled by " + viewer.displayName() + ".", clock.instant(), viewer.email(), null);
        return get(viewer, id);
    }

    /** The cycle in the viewer's scope, its row locked: a pass of the runner advancing it finishes first. */
    private PatchCycleRun locked(Viewer viewer, UUID id) {
        get(viewer, id);
        return repository.lock(id).orElseThrow(() -> new NotFoundException("No such patch cycle."));
    }
}
