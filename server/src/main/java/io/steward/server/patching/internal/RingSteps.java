package io.steward.server.patching.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.steward.protocol.patch.PatchInstall;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.TaskQueries;
import io.steward.server.automation.TaskRun;
import io.steward.server.automation.TaskService;
import io.steward.server.devices.DeviceService;
import io.steward.server.patching.PatchCycleRun;
import io.steward.server.patching.PatchCycleRun.Ring;
import io.steward.server.patching.PatchInstalls;
import io.steward.server.patching.RingGate;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves a running cycle's rings on: a ring starts with the pre-script's standard run on its devices (when the policy
 * names one), installs the security updates under the installer's standard change only on the devices whose pre-script
 * run succeeded, then runs the post-script on them; the rest ring follows the pilot as {@link RingGate} decides. Each
 * step waits until every run of the step before finished.
 *
 * <p>A step that cannot start (no active standard change covers a script for the client, the signer refused, the
 * planner refused the draft) stops the cycle with the reason rather than going on without it. Each step runs on a
 * savepoint: a stop rolls back whatever tasks the step had made, so resuming starts the step afresh, not twice.
 */
@Component
class RingSteps {
    private static final Set<String> FAILED = Set.of("FAILED", "TIMED_OUT", "REFUSED");

    private final CycleRepository repository;
    private final PatchInstalls installs;
    private final CycleScripts scripts;
    private final TaskService tasks;
    private final TaskQueries queries;
    private final DeviceService devices;
    private final AuditLog audit;
    private final TransactionTemplate step;

    RingSteps(CycleRepository repository, PatchInstalls installs, CycleScripts scripts, TaskService tasks, TaskQueries queries, DeviceService devices,
              AuditLog audit, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.installs = installs;
        this.scripts = scripts;
        this.tasks = tasks;
        this.queries = queries;
        this.devices = devices;
        this.audit = audit;
        this.step = new TransactionTemplate(transactions);
        this.step.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Why a step could not start: the cycle stops with it. */
    static final class Stop extends RuntimeException {
        Stop(String reason) {
            super(reason);
        }
    }

    /** Advances the cycle (locked by the caller's transaction) as far as it goes at {@code now}. */
    void advance(PatchCycleRun locked, Instant now) {
        PatchCycleRun c = locked;
        try {
            // Each step may make the next possible at once (a ring with no device, a gate already open): a few rounds.
            for (int round = 0; round < 8 && c.running(); round++) {
                PatchCycleRun current = c;
                if (!Boolean.TRUE.equals(step.execute(status -> step(current, now)))) {
                    return;
                }
                c = repository.lock(c.id()).orElseThrow();
            }
        } catch (Stop stop) {
            repository.state(c.id(), "STOPPED", stop.getMessage(), now, null, null);
            audit.record("patch_cycle.stopped", "patch_cycle", c.id().toString(), c.clientId(), Map.of("reason", stop.getMessage()));
        }
    }

    /** One step; true when something changed. */
    private boolean step(PatchCycleRun c, Instant now) {
        Viewer reader = CycleScripts.reader(c.clientId());
        Ring first = c.rings().getFirst();
        if (!first.done()) {
            return ring(c, first, reader, now);
        }
        Ring rest = c.rings().size() > 1 ? c.rings().get(1) : null;
        if (rest == null || rest.done()) {
            repository.state(c.id(), "DONE", c.reason(), now, null, null);
            audit.record("patch_cycle.done", "patch_cycle", c.id().toString(), c.clientId(), Map.of("failed",
                    c.rings().stream().mapToInt(Ring::failedCount).sum(), "devices", c.rings().stream().mapToInt(Ring::deviceCount).sum()));
            return false;
        }
        if ("PENDING".equals(rest.phase())) {
            RingGate.Decision d = new RingGate(Clock.fixed(now, ZoneOffset.UTC)).next(first.deviceCount(), first.failedCount(), first.finishedAt(),
                    c.waitDays(), c.stopPercent(), c.gateOverridden());
            if (d.kind() == RingGate.Kind.STOP) {
                throw new Stop(d.reason());
            }
            if (d.kind() == RingGate.Kind.WAIT) {
                if (!Objects.equals(d.notBefore(), rest.notBefore())) {
                    repository.saveRing(c.id(), rest.with(rest.phase(), rest.deviceIds(), null, List.of(), List.of(), null, d.notBefore(), null, null,
                            List.of()));
                }
                return false;
            }
            rest = rest.with(rest.phase(), rest.deviceIds(), null, List.of(), List.of(), null, d.notBefore(), null, null, List.of());
        }
        return ring(c, rest, reader, now);
    }

    private boolean ring(PatchCycleRun c, Ring r, Viewer reader, Instant now) {
        switch (r.phase()) {
            case "PENDING" -> {
                List<PatchInstalls.InstallPlan> plans = plans(c, r, reader, null);
                List<DeviceId> ringDevices = plans.stream().flatMap(p -> p.deviceIds().stream()).distinct().sorted(Comparator.comparing(DeviceId::toString))
                        .toList();
                if (ringDevices.isEmpty()) {
                    save(c, r.with("DONE", List.of(), null, List.of(), List.of(), null, r.notBefore(), now, now, List.of()));
                } else if (c.preScriptId() != null) {
                    UUID pre = scripts.run(c.clientId(), c.preScriptId(), ringDevices, "pre-script");
                    save(c, r.with("PRE", ringDevices, pre, List.of(), List.of(), null, r.notBefore(), now, null, List.of()));
                } else {
                    save(c, install(c, r.with("INSTALL", ringDevices, null, List.of(), List.of(), null, r.notBefore(), now, null, List.of()),
                            plans, List.of(), now));
                }
                return true;
            }
            case "PRE" -> {
                Runs pre = runs(reader, List.of(r.preTaskId()));
                if (!pre.allFinished()) {
                    return false;
                }
                List<PatchInstalls.InstallPlan> plans = plans(c, r, reader, pre.succeeded());
                List<DeviceId> failed = r.deviceIds().stream().filter(pre.failed()::contains).toList();
                save(c, install(c, r, plans, failed, now));
                return true;
            }
            case "INSTALL" -> {
                Runs install = runs(reader, r.installTaskIds());
                if (!install.allFinished()) {
                    return false;
                }
                Set<DeviceId> failed = new LinkedHashSet<>(r.failedDeviceIds());
                failed.addAll(install.failed());
                failed.addAll(repository.failedPackages(r.installTaskIds()));
                List<DeviceId> failedList = r.deviceIds().stream().filter(failed::contains).toList();
                if (c.postScriptId() != null && !r.installDeviceIds().isEmpty()) {
                    UUID post = scripts.run(c.clientId(), c.postScriptId(), r.installDeviceIds(), "post-script");
                    save(c, r.with("POST", r.deviceIds(), r.preTaskId(), r.installTaskIds(), r.installDeviceIds(), post, r.notBefore(), r.startedAt(), null,
                            failedList));
                } else {
                    save(c, finish(r, reader, failedList, now));
                }
                return true;
            }
            case "POST" -> {
                if (!runs(reader, List.of(r.postTaskId())).allFinished()) {
                    return false;
                }
                save(c, finish(r, reader, r.failedDeviceIds(), now));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The install tasks of a ring: one standard run of the installer per package list, on the given devices. */
    private Ring install(PatchCycleRun c, Ring r, List<PatchInstalls.InstallPlan> plans, List<DeviceId> failed, Instant now) {
        List<UUID> made = new ArrayList<>();
        List<DeviceId> on = new ArrayList<>();
        Viewer runner = plans.isEmpty() ? null : scripts.runner(c.clientId(), plans.getFirst().scriptVersionId(), "the built-in patch installer");
        for (PatchInstalls.InstallPlan plan : plans) {
            Map<String, String> values = Map.of(PatchInstall.PACKAGES, plan.packages(), PatchInstall.SCOPE, plan.scope(), PatchInstall.REBOOT,
                    plan.reboot(), PatchInstall.REBOOT_WARNING, Integer.toString(plan.rebootWarningMinutes()));
            made.add(CycleScripts.standard(tasks, runner, new TaskDraft(c.clientId(), plan.scriptVersionId(), values, "DEVICES",
                    plan.deviceIds().stream().map(DeviceId::value).toList(), null, "window", null, null, null, null, null, null), "the installer"));
            on.addAll(plan.deviceIds());
        }
        Ring next = r.with("INSTALL", r.deviceIds(), r.preTaskId(), made, on, null, r.notBefore(), r.startedAt(), null, failed);
        // Nothing to install (every pre-script run failed): the ring is over when its pre-script runs ended; no post-script follows.
        return made.isEmpty() ? finish(next, CycleScripts.reader(c.clientId()), failed, now) : next;
    }

    /** The ring is done when its last run finished (the wait before the rest counts from then). */
    private Ring finish(Ring r, Viewer reader, List<DeviceId> failed, Instant now) {
        List<UUID> all = new ArrayList<>(r.installTaskIds());
        if (r.preTaskId() != null) {
            all.add(r.preTaskId());
        }
        if (r.postTaskId() != null) {
            all.add(r.postTaskId());
        }
        Instant last = runs(reader, all).lastFinished();
        return r.with("DONE", r.deviceIds(), r.preTaskId(), r.installTaskIds(), r.installDeviceIds(), r.postTaskId(), r.notBefore(), r.startedAt(),
                last == null ? now : last, failed);
    }

    private void save(PatchCycleRun c, Ring r) {
        repository.saveRing(c.id(), r);
        if (!r.phase().equals("PENDING")) {
            audit.record("patch_cycle.ring", "patch_cycle", c.id().toString(), c.clientId(), Map.of("ring", r.name(), "phase", r.phase(),
                    "devices", r.deviceCount(), "failed", r.failedCount()));
        }
    }

    /**
     * The security plans of the ring's devices: the pilot group's members (PILOT), everyone else (REST) or every device
     * (ALL); at a later phase only the ring's devices, and of those only {@code only} when given.
     */
    private List<PatchInstalls.InstallPlan> plans(PatchCycleRun c, Ring r, Viewer reader, Set<DeviceId> only) {
        Set<DeviceId> pilot = new HashSet<>();
        if (c.pilotGroupId() != null && "PENDING".equals(r.phase())) {
            try {
                devices.group(reader, c.pilotGroupId()).members().forEach(m -> pilot.add(new DeviceId(m)));
            } catch (io.steward.server.shared.NotFoundException gone) {
                throw new Stop("The pilot device group no longer exists: choose another in the policy, then resume the cycle.");
            }
        }
        Set<DeviceId> ring = "PENDING".equals(r.phase()) ? null : new HashSet<>(r.deviceIds());
        List<PatchInstalls.InstallPlan> out = new ArrayList<>();
        for (PatchInstalls.InstallPlan p : installs.securityPlans(reader, c.clientId())) {
            List<DeviceId> on = p.deviceIds().stream().filter(d -> switch (r.name()) {
                case "PILOT" -> ring != null ? ring.contains(d) : pilot.contains(d);
                case "REST" -> ring != null ? ring.contains(d) : !pilot.contains(d);
                default -> ring == null || ring.contains(d);
            }).filter(d -> only == null || only.contains(d)).toList();
            if (!on.isEmpty()) {
                out.add(new PatchInstalls.InstallPlan(p.clientId(), p.scriptVersionId(), p.scope(), p.packages(), on, p.reboot(), p.rebootWarningMinutes(),
                        p.draftLink()));
            }
        }
        return out;
    }

    /** The runs of some tasks: whether all finished, which devices succeeded or failed, and the last finish. */
    private record Runs(boolean allFinished, Set<DeviceId> succeeded, Set<DeviceId> failed, Instant lastFinished) {
    }

    private Runs runs(Viewer reader, List<UUID> taskIds) {
        boolean all = true;
        Set<DeviceId> ok = new HashSet<>();
        Set<DeviceId> bad = new HashSet<>();
        Instant last = null;
        for (UUID id : taskIds) {
            for (TaskRun run : queries.detail(reader, id).runs()) {
                all &= run.finished();
                if ("SUCCEEDED".equals(run.state())) {
                    ok.add(run.deviceId());
                } else if (FAILED.contains(run.state())) {
                    bad.add(run.deviceId());
                }
                if (run.finishedAt() != null && (last == null || run.finishedAt().isAfter(last))) {
                    last = run.finishedAt();
                }
            }
        }
        return new Runs(all, ok, bad, last);
    }
}
