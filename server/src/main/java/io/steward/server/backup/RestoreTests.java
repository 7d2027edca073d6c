package io.steward.server.backup;

import java.time.Clock;
import java.util.UUID;

import io.steward.server.automation.ScriptLibrary;
import io.steward.server.backup.internal.RestorePlanner;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Restore tests on request: the built-in restore tester a standard change names, and preparing a client's due tests
 * now instead of at the next sweep. Tests run only under an active standard change, whoever asks.
 */
@Service
public class RestoreTests {
    private final RestorePlanner planner;
    private final BackupPolicies policies;
    private final ScriptLibrary library;
    private final Clock clock;

    RestoreTests(RestorePlanner planner, BackupPolicies policies, ScriptLibrary library, Clock clock) {
        this.planner = planner;
        this.policies = policies;
        this.library = library;
        this.clock = clock;
    }

    /** The tester's script version: what restore-test tasks run and what their standard change names. */
    public record Tester(UUID scriptId, UUID scriptVersionId, String name, String interpreter, String sha256) {
    }

    /** What a pass started, and why some or all of the due tests could not start (null: nothing in the way). */
    public record Started(int started, String problem) {
    }

    @Transactional
    public Tester tester(Viewer viewer) {
        BackupPolicies.requireStaff(viewer);
        var v = library.restoreTester();
        return new Tester(v.scriptId(), v.id(), v.scriptName(), v.interpreter(), v.sha256());
    }

    /** Prepares the client's due tests now (service managers and admins); 404 for a client outside the viewer's scope. */
    @Transactional
    public Started runDue(Viewer viewer, ClientId client) {
        viewer.requireWriter(BackupPolicies.EDITORS);
        policies.get(viewer, client);
        RestorePlanner.Outcome o = planner.plan(client, clock.instant());
        return new Started(o.started(), o.problem());
    }
}
