package io.steward.server.patching.internal;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.automation.Script;
import io.steward.server.automation.ScriptCatalog;
import io.steward.server.automation.ScriptLibrary;
import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.TaskService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.NotFoundException;

import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;

/**
 * How a cycle runs scripts by itself: as a standard run (TaskService.runStandard) of a version an active standard
 * change covers for the client, in the devices' maintenance windows. Steward acts in the one client's scope in the name
 * of the person who asked for that standard change (as remediation does): the change is their decision, and a task
 * names a real requester.
 */
@Component
class CycleScripts {

    private final ScriptLibrary library;
    private final ScriptCatalog catalog;
    private final TaskService tasks;
    private final Clock clock;

    CycleScripts(ScriptLibrary library, ScriptCatalog catalog, TaskService tasks, Clock clock) {
        this.library = library;
        this.catalog = catalog;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Steward reading the one client's data; it carries no person's rights beyond reading. */
    static Viewer reader(ClientId client) {
        return Viewer.steward(client, "Steward (patch cycle)");
    }

    /** Runs the newest version of the library script that an active standard change covers for the client, on the devices. */
    UUID run(ClientId client, UUID scriptId, List<DeviceId> devices, String what) {
        Viewer reader = reader(client);
        List<Script.VersionEntry> versions;
        try {
            versions = library.versions(reader, scriptId);
        } catch (NotFoundException gone) {
            throw new RingSteps.Stop("The policy's " + what + " is no longer in the library: choose another, then resume the cycle.");
        }
        for (Script.VersionEntry v : versions.stream().sorted(Comparator.comparingInt(Script.VersionEntry::number).reversed()).toList()) {
            Optional<ScriptCatalog.StandardChange> change = covering(client, v.id());
            if (change.isPresent()) {
                return standard(tasks, as(client, change.get()), new TaskDraft(client, v.id(), java.util.Map.of(), "DEVICES",
                        devices.stream().map(DeviceId::value).toList(), null, "window", null, null, null, null, null, null), "the " + what);
            }
        }
        throw new RingSteps.Stop("No active standard change covers the policy's " + what + " for this client: Steward does not install "
                + "without it. Make one standard (two people), then resume the cycle.");
    }

    /** Steward as the requester of an active standard change of {@code versionId} for the client; the cycle stops without one. */
    Viewer runner(ClientId client, UUID versionId, String what) {
        return covering(client, versionId).map(c -> as(client, c)).orElseThrow(() -> new RingSteps.Stop("No active standard change of "
                + what + " covers this client's security updates: make one standard (two people), then resume the cycle."));
    }

    /** Runs the draft as a standard run; the task's id, or the cycle stops with why it could not run. */
    static UUID standard(TaskService tasks, Viewer runner, TaskDraft draft, String what) {
        TaskService.ApprovalOutcome outcome;
        try {
            outcome = tasks.runStandard(runner, draft);
        } catch (RuntimeException e) {
            throw new RingSteps.Stop("Could not run " + what + ": " + e.getMessage());
        }
        if (outcome.refused()) {
            throw new RingSteps.Stop("The signer refused to sign " + what + ": " + outcome.refusal());
        }
        return outcome.task().id();
    }

    /** The standard change's validity is a fact of the present (the signer checks it so): the real clock, not a cycle's instant. */
    private Optional<ScriptCatalog.StandardChange> covering(ClientId client, UUID versionId) {
        return catalog.coveringClient(versionId, client, clock.instant());
    }

    private static Viewer as(ClientId client, ScriptCatalog.StandardChange change) {
        return Viewer.stewardFor(client, new UserId(change.spec().requestedBy()), "Steward (patch cycle)");
    }
}
