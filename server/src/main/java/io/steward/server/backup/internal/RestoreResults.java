package io.steward.server.backup.internal;

import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.backup.RestoreTest;
import io.steward.server.automation.TaskRunFinished;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Restore-test results from the runs Steward prepared: the run's {@code steward-restore:} line (read with
 * {@link RestoreTest#parse}) becomes the test's measured time, files and verdict; a run that ended without one (it
 * failed, timed out, was refused) is recorded as NO_RESULT. Only runs of tasks recorded as restore tests count (any
 * other script could print such a line), and only a line naming the tested job. A synchronous listener: the result
 * commits with the run's final state.
 */
@Component
class RestoreResults {
    private final RestoreRepository restores;
    private final TransactionTemplate tx;

    RestoreResults(RestoreRepository restores, TransactionTemplate tx) {
        this.restores = restores;
        this.tx = tx;
    }

    @EventListener
    void finished(TaskRunFinished run) {
        TenantContext.runAs(TenantScope.of(run.clientId()), () -> tx.executeWithoutResult(status -> record(run)));
    }

    private void record(TaskRunFinished run) {
        Optional<UUID> test = restores.lockRunning(run.taskId(), run.deviceId());
        if (test.isEmpty()) {
            return;
        }
        String job = restores.jobOf(test.get()).orElse("");
        Optional<RestoreTest.Result> result = RestoreTest.parse(run.outputTail()).filter(r -> r.job().equals(job));
        if (result.isPresent()) {
            restores.finished(test.get(), result.get(), run.at());
        } else {
            restores.noResult(test.get(), run.at());
        }
    }
}
