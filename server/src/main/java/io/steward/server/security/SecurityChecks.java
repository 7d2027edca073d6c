package io.steward.server.security;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.devices.Device;
import io.steward.server.devices.DeviceService;
import io.steward.server.security.internal.ResultRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The security checks as staff see them: a client's devices x checks matrix of latest statuses, its open episodes and
 * the month's MTTD and MTTR (the month in the client's time zone), and a device's latest results with their evidence
 * and its episode history. A client or device outside the viewer's scope is a 404.
 */
@Service
public class SecurityChecks {
    private final ResultRepository results;
    private final DeviceService devices;
    private final ClientService clients;
    private final SecurityProperties properties;
    private final Clock clock;

    public SecurityChecks(ResultRepository results, DeviceService devices, ClientService clients, SecurityProperties properties, Clock clock) {
        this.results = results;
        this.devices = devices;
        this.clients = clients;
        this.properties = properties;
        this.clock = clock;
    }

    /** The client's security; {@code month} null: the current month in the client's zone. */
    @Transactional(readOnly = true)
    public SecurityViews.ClientSecurity client(Viewer viewer, ClientId clientId, YearMonth month) {
        SecurityPlans.requireStaff(viewer);
        Client client = clients.get(viewer, clientId);
        Map<UUID, Map<String, String>> byDevice = new HashMap<>();
        for (ResultRepository.Status r : results.statuses(viewer.scope(), clientId)) {
            byDevice.computeIfAbsent(r.deviceId(), k -> new LinkedHashMap<>()).put(r.check(), r.status());
        }
        List<SecurityViews.DeviceRow> rows = new ArrayList<>();
        for (Device d : devices.everyDevice(viewer, clientId, "APPROVED")) {
            Map<String, String> statuses = byDevice.getOrDefault(d.id().value(), Map.of());
            int failing = (int) statuses.values().stream().filter(SecurityCheckMessages.FAIL::equals).count();
            rows.add(new SecurityViews.DeviceRow(d.id().value(), d.hostname(), statuses, failing));
        }
        rows.sort(java.util.Comparator.comparingInt(SecurityViews.DeviceRow::failing).reversed().thenComparing(SecurityViews.DeviceRow::hostname));
        List<SecurityViews.Episode> open = results.episodes(viewer.scope(), clientId, null, true, null, null, properties.episodesShown());
        return new SecurityViews.ClientSecurity(clientId.value(), client.name(), SecurityCheckMessages.CHECKS, rows, open,
                times(viewer.scope(), clientId, ZoneId.of(client.timeZone()), month));
    }

    /** The month's MTTD and MTTR of the client as known now. */
    public SecurityViews.Times times(TenantScope scope, ClientId clientId, ZoneId zone, YearMonth month) {
        Instant now = clock.instant();
        YearMonth m = month == null ? YearMonth.now(clock.withZone(zone)) : month;
        Instant from = m.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        List<DetectionTimes.Episode> episodes = results.episodeTimes(scope, clientId, from, to).stream()
                .map(e -> new DetectionTimes.Episode(e[0], e[1], e[2])).toList();
        return SecurityViews.Times.of(m.toString(), DetectionTimes.of(episodes, from, to, now));
    }

    /** A device's latest results (in the protocol's check order) and its episodes, newest first. */
    @Transactional(readOnly = true)
    public SecurityViews.DeviceSecurity device(Viewer viewer, DeviceId deviceId) {
        SecurityPlans.requireStaff(viewer);
        Device d = devices.get(viewer, deviceId);
        List<SecurityViews.Result> latest = new ArrayList<>(results.results(viewer.scope(), d.clientId(), deviceId));
        latest.sort(java.util.Comparator.comparingInt(r -> SecurityCheckMessages.CHECKS.indexOf(r.check())));
        return new SecurityViews.DeviceSecurity(deviceId.value(), d.clientId().value(), d.hostname(), latest,
                results.episodes(viewer.scope(), d.clientId(), deviceId, false, null, null, properties.episodesShown()));
    }
}
