package io.steward.server.patching;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;

/**
 * A standard patch cycle Steward started by itself on a client's cycle day (its policy approves security updates
 * automatically): the security updates as standard runs of the installer, ring by ring. The rollout settings are the
 * policy's when the cycle started.
 *
 * @param state          RUNNING, STOPPED (for {@code reason}; a person resumes or cancels it), DONE or CANCELLED
 * @param gateOverridden a person resumed it past the pilot's failure threshold
 * @param decidedBy      who last resumed or cancelled it
 * @param rings          the pilot then the rest, or one ring of every device without a pilot group
 */
public record PatchCycleRun(UUID id, ClientId clientId, LocalDate cycleDay, String state, String reason, UUID pilotGroupId, int waitDays,
                            int stopPercent, UUID preScriptId, UUID postScriptId, boolean gateOverridden, Instant startedAt, Instant updatedAt,
                            Instant finishedAt, String decidedBy, List<Ring> rings) {

    public static final List<String> STATES = List.of("RUNNING", "STOPPED", "DONE", "CANCELLED");

    public PatchCycleRun {
        rings = rings == null ? List.of() : List.copyOf(rings);
    }

    public PatchCycleRun withRings(List<Ring> r) {
        return new PatchCycleRun(id, clientId, cycleDay, state, reason, pilotGroupId, waitDays, stopPercent, preScriptId, postScriptId,
                gateOverridden, startedAt, updatedAt, finishedAt, decidedBy, r);
    }

    /**
     * One ring. Its devices are the ring's devices with security updates when it started; the install runs only on those
     * whose pre-script run succeeded.
     *
     * @param ring             0 (the pilot, or ALL) or 1 (the rest)
     * @param name             PILOT, REST or ALL
     * @param phase            PENDING, PRE (pre-script runs), INSTALL, POST (post-script runs) or DONE
     * @param installDeviceIds the devices the install tasks run on
     * @param notBefore        the rest ring starts no earlier (the pilot's last run plus the wait)
     * @param finishedAt       when its last run finished
     * @param failedDeviceIds  devices whose pre-script or install run failed, timed out or was refused, or where a package failed
     * @param deviceCount      the number of devices in the ring
     * @param failedCount      the number of those that failed
     */
    public record Ring(int ring, String name, String phase, List<DeviceId> deviceIds, UUID preTaskId, List<UUID> installTaskIds,
                       List<DeviceId> installDeviceIds, UUID postTaskId, Instant notBefore, Instant startedAt, Instant finishedAt,
                       List<DeviceId> failedDeviceIds, int deviceCount, int failedCount) {

        public Ring {
            deviceIds = List.copyOf(deviceIds);
            installTaskIds = List.copyOf(installTaskIds);
            installDeviceIds = List.copyOf(installDeviceIds);
            failedDeviceIds = List.copyOf(failedDeviceIds);
            deviceCount = deviceIds.size();
            failedCount = failedDeviceIds.size();
        }

        public static Ring pending(int ring, String name) {
            return new Ring(ring, name, "PENDING", List.of(), null, List.of(), List.of(), null, null, null, null, List.of(), 0, 0);
        }

        public Ring with(String phase, List<DeviceId> devices, UUID preTask, List<UUID> installTasks, List<DeviceId> installDevices, UUID postTask,
                         Instant notBefore, Instant startedAt, Instant finishedAt, List<DeviceId> failed) {
            return new Ring(ring, name, phase, devices, preTask, installTasks, installDevices, postTask, notBefore, startedAt, finishedAt, failed, 0, 0);
        }

        public boolean done() {
            return "DONE".equals(phase);
        }
    }

    public boolean running() {
        return "RUNNING".equals(state);
    }
}
