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

    /**
     * @param status    APPROVED, or PENDING until a technician approves the device
     * @param signerKey the task signer's public key (base64 X.509), which the agent pins; null when the server has no
     *                  signer, and then the agent accepts no task until it is enrolled again
     * @param clientId  the client the device belongs to, so the agent refuses orders for another client; null from a
     *                  server that predates it
     */
    public record EnrollResponse(String deviceId, String status, int heartbeatSeconds, long serverTime, String signerKey, String clientId) {
        public EnrollResponse(String deviceId, String status, int heartbeatSeconds, long serverTime) {
            this(deviceId, status, heartbeatSeconds, serverTime, null, null);
        }

        public EnrollResponse(String deviceId, String status, int heartbeatSeconds, long serverTime, String signerKey) {
            this(deviceId, status, heartbeatSeconds, serverTime, signerKey, null);
        }
    }

    public record Heartbeat(long seq, long sentAt, long dropped) {
    }

    /**
     * @param status     the device's standing (APPROVED, PENDING, RETIRED), so an agent learns it was approved
     * @param monitoring what to measure and how often, as the device's client has it configured; null from a
     *                   server that predates it (the agent then keeps its local defaults)
     * @param patches    when to scan for updates and refresh package metadata, as the device's patch policy has it;
     *                   null from a server that predates patching (the agent then scans daily, without refreshing)
     * @param security   the security-check plan the device checks by (the same as in the answers to its rounds), so
     *                   that its first round after a start follows it too; null from a server that predates it (the
     *                   agent then starts from {@link io.steward.protocol.security.SecurityCheckMessages#DEFAULT_PLAN})
     */
    public record HeartbeatResponse(String status, int heartbeatSeconds, long serverTime, MonitoringConfig monitoring,
                                    io.steward.protocol.patch.PatchMessages.ScanPlan patches,
                                    io.steward.protocol.security.SecurityCheckMessages.Plan security) {
        /** An answer without monitoring settings, as protocol v1 had it at first. */
        public HeartbeatResponse(String status, int heartbeatSeconds, long serverTime) {
            this(status, heartbeatSeconds, serverTime, null, null, null);
        }

        /** An answer without a scan plan, as protocol v1 had it before patching. */
        public HeartbeatResponse(String status, int heartbeatSeconds, long serverTime, MonitoringConfig monitoring) {
            this(status, heartbeatSeconds, serverTime, monitoring, null, null);
        }

        /** An answer without a security-check plan, as protocol v1 had it before security checks. */
        public HeartbeatResponse(String status, int heartbeatSeconds, long serverTime, MonitoringConfig monitoring,
                                 io.steward.protocol.patch.PatchMessages.ScanPlan patches) {
            this(status, heartbeatSeconds, serverTime, monitoring, patches, null);
        }
    }

    /**
     * What the agent measures beyond its built-in collectors, and how often; pulled with every heartbeat
     * and applied from the next round on. Lists are never null when sent by the server.
     *
     * @param metricsSeconds   seconds between metric batches
     * @param heartbeatSeconds seconds between heartbeats (the same as {@link HeartbeatResponse#heartbeatSeconds()})
     * @param pingHosts        host names or IP addresses to measure latency and packet loss to
     * @param httpChecks       URLs to fetch, each with the status that means "up"
     * @param services         systemd units whose state to report
     */
    public record MonitoringConfig(int metricsSeconds, int heartbeatSeconds, List<String> pingHosts, List<HttpCheck> httpChecks,
                                   List<String> services) {
    }

    /** An HTTP(S) health check: up when a GET of {@code url} answers {@code expectedStatus}. */
    public record HttpCheck(String url, int expectedStatus) {
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
