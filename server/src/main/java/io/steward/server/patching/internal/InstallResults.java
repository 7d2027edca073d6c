package io.steward.server.patching.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.task.CanonicalText;
import io.steward.server.automation.ScriptCatalog;
import io.steward.server.automation.TaskQueries;
import io.steward.server.automation.TaskRunFinished;
import io.steward.server.shared.ClientId;

import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;

import io.steward.server.shared.Viewer;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Install results from the runs of the built-in patch installer: each {@code steward-patch: name=version
 * installed|failed|refused reason} line of the run's output becomes a result per package and an entry of the device's
 * patch history. Lines are read only from runs of the installer (its interpreter and fixed body): any other script
 * could print them. A synchronous listener: the results commit with the run's final state, in its transaction.
 * The output tail is what automation keeps of standard output; a list longer than it loses its first lines.
 */
@Component
class InstallResults {
    private static final Pattern LINE = Pattern.compile("^" + Pattern.quote(PatchInstall.RESULT_PREFIX)
            + "([A-Za-z0-9][A-Za-z0-9+._-]{0,127}(?::[a-z0-9_]{1,16})?)=([A-Za-z0-9.+~:_-]{1,128}) (installed|failed|refused)(?: (.{0,500}))?$",
            Pattern.MULTILINE);
    private static final String BODY_SHA = CanonicalText.sha256Hex(PatchInstall.BODY.getBytes(StandardCharsets.UTF_8));

    /** Failed runs without a result line: the installer's count as attempts of all their packages (or end a retry). */
    private static final Set<String> UNFINISHED = Set.of("FAILED", "TIMED_OUT", "CANCELLED", "REFUSED", "EXPIRED");

    private final TaskQueries tasks;
    private final ScriptCatalog catalog;
    private final ScanRepository scans;
    private final AttemptRecorder attempts;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    InstallResults(TaskQueries tasks, ScriptCatalog catalog, ScanRepository scans, AttemptRecorder attempts, JdbcTemplate jdbc, TransactionTemplate tx) {
        this.tasks = tasks;
        this.catalog = catalog;
        this.scans = scans;
        this.attempts = attempts;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** One package's outcome as the installer reported it. */
    record Result(String name, String version, String outcome, String reason) {
    }

    /** The result lines of an output, the last line per package winning. */
    static List<Result> parse(String output) {
        Map<String, Result> out = new LinkedHashMap<>();
        if (output == null) {
            return List.of();
        }
        Matcher m = LINE.matcher(output.replace("\r\n", "\n"));
        while (m.find()) {
            out.put(m.group(1), new Result(m.group(1), m.group(2), m.group(3), m.group(4) == null ? "" : m.group(4).strip()));
        }
        return List.copyOf(out.values());
    }

    @EventListener
    void finished(TaskRunFinished run) {
        // Most runs are not the installer's: those that succeeded without a result line cost no query.
        if ((run.outputTail() == null || !run.outputTail().contains(PatchInstall.RESULT_PREFIX)) && !UNFINISHED.contains(run.state())) {
            return;
        }
        TenantContext.runAs(TenantScope.of(run.clientId()), () -> tx.executeWithoutResult(status -> record(run)));
    }

    private void record(TaskRunFinished run) {
        if (!installer(run)) {
            return;
        }
        List<Result> results = parse(run.outputTail());
        Instant at = run.at();
        List<ScanRepository.HistoryRow> history = new ArrayList<>();
        for (Result r : results) {
            int stored = jdbc.update("""
                    INSERT INTO patch_install_result (task_id, device_id, client_id, name, version, outcome, reason, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", run.taskId(), run.deviceId().value(), run.clientId().value(),
                    r.name(), r.version(), r.outcome(), r.reason(), ScanRepository.ts(at));
            if (stored == 1) {
                history.add(new ScanRepository.HistoryRow(run.deviceId(), run.clientId(), at, r.outcome().toUpperCase(java.util.Locale.ROOT),
                        r.name(), "", "", r.version(), "", limit("task " + run.taskId() + (r.reason().isEmpty() ? "" : ": " + r.reason()))));
            }
        }
        scans.addHistory(run.deviceId(), history, ScanIntake.HISTORY_PER_DEVICE);
        attempts.record(run, tasks.detail(steward(run.clientId()), run.taskId()).task(), results);
    }

    /** Steward itself, seeing only the run's client. */
    private static Viewer steward(ClientId client) {
        return Viewer.steward(client, "Steward (patching)");
    }

    /** Whether the run is one of the installer's; a version changed outside Steward is no installer's (and must not fail the report). */
    private boolean installer(TaskRunFinished run) {
        try {
            return tasks.scriptVersionOf(run.clientId(), run.taskId()).flatMap(catalog::version)
                    .filter(v -> PatchInstall.INTERPRETER.equals(v.interpreter()) && BODY_SHA.equals(v.sha256())).isPresent();
        } catch (io.steward.server.shared.ConflictException tampered) {
            return false;
        }
    }

    private static String limit(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600);
    }
}
