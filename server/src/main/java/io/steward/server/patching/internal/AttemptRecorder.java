package io.steward.server.patching.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.steward.protocol.patch.PatchInstall;
import io.steward.server.automation.Task;
import io.steward.server.automation.TaskRunFinished;
import io.steward.server.patching.InstallAttempts;
import org.springframework.stereotype.Component;

/**
 * Counts failed installs from a finished run of the installer, in the run's own transaction (so a failure is stored
 * exactly when the run's final state is, and a restart loses none): every {@code failed} result line counts one attempt
 * of its package version on the device; a run that FAILED or TIMED_OUT without any result line counts one for every
 * package it carried. An {@code installed} line ends the package's attempts. A retry Steward started that ended any
 * other way without installing (the device stayed offline until it expired, the agent refused it, someone cancelled
 * it) used its retry too: otherwise an offline device would get a new task at every backoff for good.
 */
@Component
class AttemptRecorder {
    private static final Set<String> FAILED_RUNS = Set.of("FAILED", "TIMED_OUT");

    private final AttemptRepository attempts;

    AttemptRecorder(AttemptRepository attempts) {
        this.attempts = attempts;
    }

    /** Runs in the run's transaction and its client's scope; {@code task} is an installer task (checked by the caller). */
    void record(TaskRunFinished run, Task task, List<InstallResults.Result> results) {
        String scope = parameter(task, PatchInstall.SCOPE);
        if (!PatchInstall.SCOPES.contains(scope)) {
            return;
        }
        // Security updates under the installer's standard change are Steward's to retry; approved ones people request again.
        boolean automatic = "security".equals(scope) && task.standardChangeId() != null;
        List<InstallAttempts.Attempt> awaited = attempts.retrying(run.deviceId(), run.taskId());
        Set<String> settled = new HashSet<>();
        for (InstallResults.Result r : results) {
            if ("installed".equals(r.outcome())) {
                attempts.installed(run.deviceId(), r.name());
                settled.add(r.name());
            } else if ("failed".equals(r.outcome())) {
                attempts.failed(run.clientId(), run.deviceId(), r.name(), r.version(), scope, automatic, run.taskId(),
                        r.reason().isEmpty() ? "failed" : r.reason(), run.at());
                settled.add(r.name());
            }
        }
        if (results.isEmpty() && FAILED_RUNS.contains(run.state())) {
            for (PatchInstall.Package p : packages(task)) {
                attempts.failed(run.clientId(), run.deviceId(), p.name(), p.version(), scope, automatic, run.taskId(), runReason(run), run.at());
                settled.add(p.name());
            }
        }
        for (InstallAttempts.Attempt a : awaited) {
            if (!settled.contains(a.name())) {
                String line = results.stream().filter(r -> r.name().equals(a.name())).map(r -> r.outcome() + (r.reason().isEmpty() ? "" : ": " + r.reason()))
                        .findFirst().orElse(null);
                attempts.failed(run.clientId(), run.deviceId(), a.name(), a.version(), a.scope(), a.automatic(), run.taskId(),
                        "Steward's retry ended " + run.state() + " without installing" + (line == null ? "" : " (" + line + ")")
                                + (run.reason() == null || run.reason().isBlank() ? "" : ": " + run.reason()), run.at());
            }
        }
    }

    private static String runReason(TaskRunFinished run) {
        return "the run " + run.state() + (run.exitCode() == null ? "" : " with exit code " + run.exitCode())
                + (run.reason() == null || run.reason().isBlank() ? "" : ": " + run.reason());
    }

    private static List<PatchInstall.Package> packages(Task task) {
        try {
            return PatchInstall.parsePackages(parameter(task, PatchInstall.PACKAGES));
        } catch (IllegalArgumentException notAList) {
            // The signer signed only well-formed lists; anything else is no installer run of ours to count.
            return List.of();
        }
    }

    private static String parameter(Task task, String name) {
        return task.parameters().stream().filter(p -> p.name().equals(name)).map(io.steward.protocol.task.Parameter::value).findFirst().orElse("");
    }
}
