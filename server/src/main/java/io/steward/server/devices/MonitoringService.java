package io.steward.server.devices;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import io.steward.protocol.Messages;
import io.steward.server.audit.AuditLog;
import io.steward.server.devices.internal.MonitoringSettingsRepository;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monitoring settings per client (see {@link MonitoringSettings}): read and changed by staff with
 * optimistic versions, and handed to the client's approved devices with every heartbeat answer.
 * A device that waits for approval gets none: the hosts and URLs a client watches are not for
 * whoever holds an enrollment token.
 */
@Service
public class MonitoringService {
    private final MonitoringSettingsRepository repository;
    private final DeviceService devices;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;
    private final DevicesProperties properties;
    private final Optional<ScanPlanSource> scanPlans;
    private final Optional<SecurityPlanSource> securityPlans;

    public MonitoringService(MonitoringSettingsRepository repository, DeviceService devices, ClientService clients, AuditLog audit, Clock clock,
                             DevicesProperties properties, Optional<ScanPlanSource> scanPlans, Optional<SecurityPlanSource> securityPlans) {
        this.scanPlans = scanPlans;
        this.securityPlans = securityPlans;
        this.repository = repository;
        this.devices = devices;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
    }

    /** Refused settings: every field at fault with its reason (answered 400 with all of them). */
    public static final class SettingsRefused extends InvalidInputException {
        private final Map<String, String> errors;

        SettingsRefused(Map<String, String> errors) {
            super(errors.keySet().iterator().next(), errors.values().iterator().next());
            this.errors = Map.copyOf(errors);
        }

        @Override
        public Map<String, String> fieldErrors() {
            return errors;
        }
    }

    @Transactional(readOnly = true)
    public MonitoringSettings get(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        clients.get(viewer, client);
        return repository.find(viewer.scope(), client).orElseGet(() -> MonitoringSettings.defaults(client));
    }

    /** The server's heartbeat setting: the default, and the longest interval a client may ask for. */
    public int serverHeartbeatSeconds() {
        return properties.heartbeatSeconds();
    }

    /**
     * Replaces the client's settings if they are still at {@code expectedVersion} (0 for a client
     * never configured); 412 otherwise, 400 with every field at fault.
     */
    @Transactional
    public MonitoringSettings update(Viewer viewer, ClientId client, MonitoringTargets.Request request, int expectedVersion) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        MonitoringSettings current = get(viewer, client);
        if (current.version() != expectedVersion) {
            throw new StaleVersionException(current.version(), current);
        }
        MonitoringTargets.Verdict verdict = MonitoringTargets.check(request, properties.heartbeatSeconds());
        if (!verdict.ok()) {
            throw new SettingsRefused(verdict.errors());
        }
        MonitoringTargets.Accepted a = verdict.accepted();
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> forAgents.remove(client));
        audit.record("monitoring_settings.updated", "client", client.toString(), client, Map.of(
                "metricsSeconds", a.metricsSeconds(), "heartbeatSeconds", a.heartbeatSeconds() == null ? "default" : a.heartbeatSeconds(),
                "pingHosts", a.pingHosts(), "httpChecks", a.httpChecks().stream().map(c -> c.url() + " " + c.expectedStatus()).toList(),
                "services", a.services(), "version", expectedVersion + 1));
        if (!repository.save(viewer.scope(), client, a, expectedVersion + 1, viewer.email(), clock.instant())) {
            // Someone saved in between (the row appeared or moved on since it was read).
            MonitoringSettings latest = get(viewer, client);
            throw new StaleVersionException(latest.version(), latest);
        }
        return get(viewer, client);
    }

    /**
     * The heartbeat of a verified device (see {@link DeviceService#heartbeat}), answered with the
     * monitoring settings of its client, its scan plan ({@link ScanPlanSource}) and its security-check plan
     * ({@link SecurityPlanSource}) when the device is approved. Runs in the device's tenant scope,
     * outside any transaction: the heartbeat commits with others ({@link DeviceService#heartbeat}).
     */
    public Messages.HeartbeatResponse heartbeat(AgentDevice device) {
        return planned(device, devices.heartbeat(device));
    }

    /**
     * The digest ({@link io.steward.server.devices.internal.PlanDigest}) of what {@link #heartbeat} would answer the
     * approved device now, besides the time; it writes nothing. A stream heartbeat carries it, and the agent fetches the
     * plan over v1 when it changed.
     */
    public long planDigest(AgentDevice device) {
        return io.steward.server.devices.internal.PlanDigest.of(planned(device, new Messages.HeartbeatResponse("APPROVED", properties.heartbeatSeconds(), 0)));
    }

    private Messages.HeartbeatResponse planned(AgentDevice device, Messages.HeartbeatResponse plain) {
        if (!"APPROVED".equals(plain.status())) {
            return plain;
        }
        MonitoringSettings s = forAgent(device.clientId()).orElseGet(() -> MonitoringSettings.defaults(device.clientId()));
        // Never rarer than the server's own setting, even one lowered after the client chose: offline is three of those.
        int heartbeat = s.heartbeatSeconds() == null ? plain.heartbeatSeconds() : Math.min(s.heartbeatSeconds(), plain.heartbeatSeconds());
        return new Messages.HeartbeatResponse(plain.status(), heartbeat, plain.serverTime(), new Messages.MonitoringConfig(s.metricsSeconds(), heartbeat,
                s.pingHosts(), s.httpChecks().stream().map(c -> new Messages.HttpCheck(c.url(), c.expectedStatus())).toList(), s.services()),
                scanPlans.map(p -> p.scanPlan(device.clientId(), device.deviceId())).orElse(null),
                securityPlans.map(p -> p.securityPlan(device.clientId(), device.deviceId())).orElse(null));
    }

    /**
     * The client's settings as agents get them, kept for {@link #SETTINGS_TTL_NANOS} (every heartbeat of a fleet asks),
     * forgotten by {@link #update} at once and again after its commit; another node's change arrives within the TTL.
     */
    private Optional<MonitoringSettings> forAgent(ClientId client) {
        long now = System.nanoTime();
        KeptSettings kept = forAgents.get(client);
        if (kept != null && now - kept.loadedAt() < SETTINGS_TTL_NANOS) {
            return kept.settings();
        }
        Optional<MonitoringSettings> loaded = load(client);
        forAgents.put(client, new KeptSettings(loaded, now));
        return loaded;
    }

    private static final long SETTINGS_TTL_NANOS = 30_000_000_000L;

    private record KeptSettings(Optional<MonitoringSettings> settings, long loadedAt) {
    }

    /** One entry per client with devices: bounded by the MSP's client count. */
    private final java.util.concurrent.ConcurrentHashMap<ClientId, KeptSettings> forAgents = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<MonitoringSettings> load(ClientId client) {
        return repository.find(TenantScope.of(client), client);
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new NotFoundException("No such page.");
        }
    }
}
