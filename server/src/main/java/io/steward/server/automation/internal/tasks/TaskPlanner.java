package io.steward.server.automation.internal.tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.automation.AutomationProperties;
import io.steward.server.automation.ScriptCatalog;
import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.TaskProposal;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;

/**
 * Turns what someone filled in into the exact statement people sign: the script version, the checked parameter values,
 * the target resolved to the client's approved devices (sorted, as signed), the schedule, the rollout limits and the
 * expiry, each within the server's limits. The same draft, task id and preparation instant give the same statement,
 * so the review page and the signed request agree byte for byte.
 */
@Component
public class TaskPlanner {
    /** How long a review stays valid: after it, the requester reviews again (a fresh statement, fresh devices). */
    static final Duration REVIEW_VALID = Duration.ofMinutes(30);
    private static final List<String> KINDS = List.of("DEVICES", "GROUP", "SITE", "CLIENT");
    private static final List<String> SCHEDULES = List.of("now", "at", "window");

    private final ScriptCatalog catalog;
    private final DeviceService devices;
    private final AutomationProperties properties;
    private final Clock clock;

    TaskPlanner(ScriptCatalog catalog, DeviceService devices, AutomationProperties properties, Clock clock) {
        this.catalog = catalog;
        this.devices = devices;
        this.properties = properties;
        this.clock = clock;
    }

    /** A draft resolved: the statement to sign, the version, the sealed-to-be secret values and the devices. */
    public record Plan(TaskSpec spec, ScriptCatalog.ScriptVersion version, Map<String, String> secretValues, List<Device> devices,
                       String targetKind, UUID targetId) {

        public TaskProposal proposal(Instant preparedAt) {
            List<TaskProposal.Shown> shown = spec.parameters().stream()
                    .map(p -> new TaskProposal.Shown(p.name(), p.delivery().name(),
                            p.delivery() == Parameter.Delivery.SECRET ? "•••••• (secret, hash " + p.value().substring(0, 12) + "…)" : p.value(),
                            p.delivery() == Parameter.Delivery.SECRET))
                    .toList();
            List<TaskProposal.Target> targets = devices.stream().map(d -> new TaskProposal.Target(d.id().value(), d.hostname(), d.os())).toList();
            return new TaskProposal(spec.taskId(), preparedAt, spec, spec.challenge(), java.util.HexFormat.of().formatHex(spec.digest()),
                    version.number(), version.body(), shown, targets);
        }
    }

    /** A new preparation instant, whole seconds as the statement carries them. */
    public Instant preparedNow() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Resolves the draft for {@code viewer} (who must serve the client) as prepared at {@code preparedAt}.
     *
     * @param standardChangeId the standard change it runs under, or null
     * @param requester        who is signed as the requester
     */
    public Plan plan(Viewer viewer, TaskDraft d, UUID taskId, Instant preparedAt, UUID standardChangeId, UUID requester) {
        Instant now = clock.instant();
        if (preparedAt.isAfter(now.plusSeconds(60)) || preparedAt.isBefore(now.minus(REVIEW_VALID))) {
            throw new InvalidInputException("preparedAt", "This review is older than 30 minutes (or from the future); review the task again.");
        }
        if (d.clientId() == null) {
            throw new InvalidInputException("clientId", "Choose the client whose devices it runs on.");
        }
        if (!viewer.scope().covers(d.clientId())) {
            // The same answer as for a client that does not exist: a scoped technician learns nothing of others.
            throw new NotFoundException("No such client.");
        }
        if (d.scriptVersionId() == null) {
            throw new InvalidInputException("scriptVersionId", "Choose the script version to run.");
        }
        ScriptCatalog.ScriptVersion version = catalog.version(d.scriptVersionId())
                .orElseThrow(() -> new InvalidInputException("scriptVersionId", "No such script version."));
        if (!version.allows(d.clientId())) {
            throw new InvalidInputException("scriptVersionId", "This script may not run on this client's devices.");
        }
        ScriptCatalog.ResolvedParameters params = catalog.resolve(version, taskId, d.parameters());
        List<Device> targets = resolveTarget(viewer, d);
        String schedule = d.schedule() == null || d.schedule().isBlank() ? "now" : d.schedule();
        if (!SCHEDULES.contains(schedule)) {
            throw new InvalidInputException("schedule", "The schedule is now, at or window.");
        }
        Instant notBefore = preparedAt;
        if ("at".equals(schedule)) {
            if (d.startAt() == null) {
                throw new InvalidInputException("startAt", "Say when it starts.");
            }
            notBefore = d.startAt().truncatedTo(ChronoUnit.SECONDS);
            if (notBefore.isBefore(preparedAt.minusSeconds(60))) {
                throw new InvalidInputException("startAt", "The start is in the past.");
            }
        }
        Instant latest = preparedAt.plus(Duration.ofHours(properties.tasks().maxExpiryHours()));
        Instant notAfter = d.expiresAt() == null ? min(notBefore.plus(Duration.ofHours(24)), latest) : d.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw new InvalidInputException("expiresAt", "The expiry must come after the start.");
        }
        if (notAfter.isAfter(latest)) {
            throw new InvalidInputException("expiresAt", "A task expires within " + properties.tasks().maxExpiryHours() + " hours.");
        }
        int maxConcurrent = d.maxConcurrent() == null ? 10 : d.maxConcurrent();
        if (maxConcurrent < 1 || maxConcurrent > 100_000) {
            throw new InvalidInputException("maxConcurrent", "At most 1 to 100000 devices at once.");
        }
        int stopAfter = d.stopAfterFailures() == null ? 0 : d.stopAfterFailures();
        if (stopAfter < 0 || stopAfter > 100_000) {
            throw new InvalidInputException("stopAfterFailures", "Stop after 0 (never) to 100000 failures.");
        }
        List<UUID> ids = targets.stream().map(t -> t.id().value()).toList();
        TaskSpec spec = new TaskSpec(taskId, d.clientId().value(), requester, version.scriptName(), version.sha256(), version.interpreter(),
                version.runAs(), version.timeoutSeconds(), version.outputLimitBytes(), params.signed(), ids, schedule, notBefore, notAfter,
                maxConcurrent, stopAfter, standardChangeId);
        return new Plan(spec, version, params.secretValues(), targets, kind(d), "DEVICES".equals(kind(d)) || "CLIENT".equals(kind(d)) ? null : d.targetId());
    }

    private static String kind(TaskDraft d) {
        return d.targetKind() == null || d.targetKind().isBlank() ? "DEVICES" : d.targetKind();
    }

    /** The approved devices of the one client the draft names, sorted by id as the statement lists them. */
    private List<Device> resolveTarget(Viewer viewer, TaskDraft d) {
        String kind = kind(d);
        if (!KINDS.contains(kind)) {
            throw new InvalidInputException("targetKind", "The target is DEVICES, GROUP, SITE or CLIENT.");
        }
        ClientId client = d.clientId();
        List<Device> fleet = devices.everyDevice(viewer, client, "APPROVED");
        List<Device> chosen = new ArrayList<>();
        switch (kind) {
            case "DEVICES" -> {
                if (d.deviceIds().isEmpty()) {
                    throw new InvalidInputException("deviceIds", "Choose at least one device.");
                }
                for (UUID id : d.deviceIds().stream().distinct().toList()) {
                    // Another client's device, or one out of the viewer's scope, is refused as if it did not exist.
                    Device device = devices.get(viewer, new DeviceId(id));
                    if (!device.clientId().equals(client)) {
                        throw new NotFoundException("No such device.");
                    }
                    if (!"APPROVED".equals(device.status())) {
                        throw new InvalidInputException("deviceIds", device.hostname() + " is not an approved device.");
                    }
                    chosen.add(device);
                }
            }
            case "GROUP" -> {
                if (d.targetId() == null) {
                    throw new InvalidInputException("targetId", "Choose the device group.");
                }
                var group = devices.group(viewer, d.targetId());
                if (!group.clientId().equals(client)) {
                    throw new NotFoundException("No such device group.");
                }
                fleet.stream().filter(x -> group.members().contains(x.id().value())).forEach(chosen::add);
            }
            case "SITE" -> {
                if (d.targetId() == null) {
                    throw new InvalidInputException("targetId", "Choose the site.");
                }
                fleet.stream().filter(x -> d.targetId().equals(x.siteId())).forEach(chosen::add);
            }
            default -> chosen.addAll(fleet);
        }
        if (chosen.isEmpty()) {
            throw new InvalidInputException("targetKind", "The target has no approved devices.");
        }
        if (chosen.size() > properties.tasks().maxDevices()) {
            throw new InvalidInputException("targetKind", "A task runs on at most " + properties.tasks().maxDevices() + " devices; this target has "
                    + chosen.size() + ".");
        }
        chosen.sort(Comparator.comparing(x -> x.id().value()));
        return chosen;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
