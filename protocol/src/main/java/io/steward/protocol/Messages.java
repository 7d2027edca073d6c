package io.steward.protocol;

import java.util.List;
import java.util.Map;

/**
 * The JSON messages of protocol v1, as records. Every signed message carries the agent's
 * monotonic sequence number {@code seq}, which makes delivery idempotent: the server stores a
 * (device, seq) once however often it is sent.
 */
public final class Messages {
    private Messages() {
    }

    /** Unsigned: exchanges an enrollment token for a device identity bound to {@code publicKey}. */
    public record EnrollRequest(String token, String publicKey, String hostname, String os, String agentVersion) {
    }

    /** @param status APPROVED, or PENDING until a technician approves the device */
    public record EnrollResponse(String deviceId, String status, int heartbeatSeconds, long serverTime) {
    }

    public record Heartbeat(long seq, long sentAt, long dropped) {
    }

    /** @param status the device's standing (APPROVED, PENDING, RETIRED), so an agent learns it was approved */
    public record HeartbeatResponse(String status, int heartbeatSeconds, long serverTime) {
    }

    /** What the machine is; sent at enrollment, daily and when it changes. */
    public record Inventory(long seq, String manufacturer, String model, String serial, String cpu, int cores, long memoryBytes,
                            String osName, String osVersion, String osBuild, String kernel, List<Disk> disks, List<Nic> nics,
                            List<Software> software, List<String> users) {
    }

    public record Disk(String name, String model, long sizeBytes) {
    }

    public record Nic(String name, String mac, List<String> addresses) {
    }

    public record Software(String name, String version, String vendor) {
    }

    /** One measurement; {@code instance} names what it is of (a file system, an interface), empty when single. */
    public record Sample(String metric, String instance, double value, String unit, long at) {
    }

    public record MetricBatch(long seq, List<Sample> samples) {
    }

    /** @param rejected index of each refused sample and why; refused samples must not be resent */
    public record BatchResponse(long seq, int accepted, Map<Integer, String> rejected) {
    }
}
