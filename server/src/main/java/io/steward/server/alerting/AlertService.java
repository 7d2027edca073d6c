package io.steward.server.alerting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alert policies, alerts and maintenance windows. Evaluation on every accepted batch is done by
 * {@code internal.AlertEvaluator} (in memory, writing only transitions); this service keeps one
 * open alert per device, policy and instance, raises offline alerts from the scheduler, and serves
 * staff. A breach opens an alert (AlertRaised), a value past the recovery threshold resolves it
 * (AlertCleared).
 */
@Service
@org.springframework.boot.context.properties.EnableConfigurationProperties(AlertingProperties.class)
public class AlertService {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    private final io.steward.server.alerting.internal.PolicyCache cache;
    private final io.steward.server.alerting.internal.AlertStore store;
    private final io.steward.server.devices.DeviceService devices;
    private final io.steward.server.telemetry.TelemetryService telemetry;

    private final org.springframework.transaction.support.TransactionTemplate tx;

    public AlertService(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events, io.steward.server.alerting.internal.PolicyCache cache,
                        io.steward.server.alerting.internal.AlertStore store, io.steward.server.devices.DeviceService devices,
                        io.steward.server.telemetry.TelemetryService telemetry,
                        org.springframework.transaction.support.TransactionTemplate tx) {
        this.telemetry = telemetry;
        this.tx = tx;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.cache = cache;
        this.store = store;
        this.devices = devices;
    }

    /**
     * A policy as submitted. Scope: no clientId is an MSP-wide default; with a clientId, at most one of
     * siteId, groupId, deviceId narrows it. aggregation LAST (default), AVG or MAX over windowSeconds;
     * forSeconds: how long it must keep breaching.
     */
    public record PolicyDraft(@NotBlank @Size(max = 100) String name, @NotBlank @Pattern(regexp = "[a-z][a-z0-9_.]{0,99}") String metric,
                              @NotNull @Pattern(regexp = "ABOVE|BELOW") String comparison, double threshold, double recoveryThreshold,
                              @NotNull @Pattern(regexp = "WARNING|CRITICAL") String severity, UUID clientId, UUID siteId, UUID groupId,
                              UUID deviceId, @Pattern(regexp = "LAST|AVG|MAX") String aggregation,
                              @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(86400) Integer windowSeconds,
                              @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(86400) Integer forSeconds, Boolean enabled) {
    }

    static final UUID OFFLINE_POLICY = io.steward.server.alerting.internal.PolicyCache.OFFLINE_POLICY;

    /**
     * Opens an offline alert for every approved device not heard from for three heartbeat intervals.
     * Runs on the scheduler in system scope; returns how many it opened.
     */
    @Transactional
    public int sweepOffline(java.time.Duration silence) {
        Instant now = clock.instant();
        List<Object[]> silent = jdbc.sql("""
                SELECT d.id, d.client_id, d.hostname, d.criticality, d.last_seen_at, d.site_id FROM device d
                WHERE d.status = 'APPROVED' AND d.last_seen_at < ?
                  AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.device_id = d.id AND a.policy_id = ? AND a.state = 'OPEN')
                LIMIT 500""")
                .params(Timestamp.from(now.minus(silence)), OFFLINE_POLICY)
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getObject(6, UUID.class)})
                .list();
        for (Object[] d : silent) {
            double minutes = java.time.Duration.between((Instant) d[4], now).toSeconds() / 60.0;
            store.raise(new io.steward.server.alerting.internal.AlertStore.Raise(new io.steward.server.shared.DeviceId((UUID) d[0]),
                    new ClientId((UUID) d[1]), (UUID) d[5], (String) d[2], (String) d[3], OFFLINE_POLICY, "Device offline", "CRITICAL",
                    "agent.offline", "", minutes, silence.toMinutes()), now);
        }
        return silent.size();
    }

    /**
     * A device reported in: an open offline alert clears (and with it, its incident). Heard after the
     * heartbeat committed, so the clearing has its own transaction, taken only when there is one to clear.
     */
    @org.springframework.context.event.EventListener
    public void on(io.steward.server.devices.DeviceHeard heard) {
        jdbc.sql("SELECT id, ticket_id FROM alert WHERE device_id = ? AND policy_id = ? AND state = 'OPEN'")
                .params(heard.deviceId().value(), OFFLINE_POLICY)
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .optional()
                .ifPresent(open -> tx.executeWithoutResult(status -> {
                    // Another heartbeat of the same device may have cleared it meanwhile: announced once.
                    if (jdbc.sql("UPDATE alert SET state = 'RESOLVED', resolved_at = ?, last_value = 0 WHERE id = ? AND state = 'OPEN'")
                            .params(Timestamp.from(clock.instant()), open[0]).update() == 1) {
                        String hostname = jdbc.sql("SELECT hostname FROM device WHERE id = ?").param(heard.deviceId().value()).query(String.class).single();
                        events.publishEvent(new AlertCleared(open[0], heard.clientId(), open[1], hostname, "Device offline", "agent.offline", "", 0));
                    }
                }));
    }

    /**
     * A window as submitted. {@code deviceId} or {@code siteId} narrow it (neither: every device of the
     * client). ONCE (default) needs startsAt and endsAt (at most 31 days apart). WEEKLY needs days
     * (MONDAY..SUNDAY), startTime (HH:mm, the client's time zone) and durationMinutes (up to a week);
     * startsAt/endsAt then bound when it applies (default: from now, for five years).
     */
    public record WindowDraft(UUID deviceId, Instant startsAt, Instant endsAt, @NotBlank @Size(max = 500) String reason, UUID siteId,
                              @Pattern(regexp = "ONCE|WEEKLY") String recurrence, List<String> days, String startTime, Integer durationMinutes) {

        public WindowDraft(UUID deviceId, Instant startsAt, Instant endsAt, String reason) {
            this(deviceId, startsAt, endsAt, reason, null, null, null, null, null);
        }
    }

    @Transactional
    public MaintenanceWindow createWindow(Viewer viewer, ClientId client, WindowDraft d) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        if (!viewer.scope().covers(client)) {
            throw new io.steward.server.shared.NotFoundException("No such client.");
        }
        if (d.reason() == null || d.reason().isBlank() || d.reason().strip().length() > 500) {
            throw new InvalidInputException("reason", "Say why (at most 500 characters).");
        }
        boolean weekly = "WEEKLY".equals(d.recurrence());
        Instant now = clock.instant();
        Instant starts = d.startsAt() != null ? d.startsAt() : weekly ? now : null;
        Instant ends = d.endsAt() != null ? d.endsAt() : weekly && starts != null ? starts.plus(java.time.Duration.ofDays(5 * 366)) : null;
        if (starts == null) {
            throw new InvalidInputException("startsAt", "When does the window start?");
        }
        if (ends == null) {
            throw new InvalidInputException("endsAt", "When does the window end?");
        }
        if (!ends.isAfter(starts)) {
            throw new InvalidInputException("endsAt", "The window must end after it starts.");
        }
        if (!weekly && java.time.Duration.between(starts, ends).toDays() > 31) {
            throw new InvalidInputException("endsAt", "A maintenance window lasts at most 31 days.");
        }
        String days = null;
        java.time.LocalTime startTime = null;
        String zone = null;
        if (weekly) {
            if (d.days() == null || d.days().isEmpty()) {
                throw new InvalidInputException("days", "Choose the days of the week.");
            }
            java.util.TreeSet<java.time.DayOfWeek> parsed = new java.util.TreeSet<>();
            for (String day : d.days()) {
                try {
                    parsed.add(java.time.DayOfWeek.valueOf(day == null ? "" : day.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("days", "Days are MONDAY to SUNDAY.");
                }
            }
            days = parsed.stream().map(Enum::name).collect(Collectors.joining(","));
            try {
                startTime = java.time.LocalTime.parse(d.startTime() == null ? "" : d.startTime().strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidInputException("startTime", "Use a time such as 22:00.");
            }
            if (d.durationMinutes() == null || d.durationMinutes() < 1 || d.durationMinutes() > 10080) {
                throw new InvalidInputException("durationMinutes", "Between 1 minute and a week (10080).");
            }
            zone = jdbc.sql("SELECT time_zone FROM client WHERE id = ?").param(client.value()).query(String.class).single();
        }
        if (d.deviceId() != null && d.siteId() != null) {
            throw new InvalidInputException("siteId", "Choose a device or a site, not both.");
        }
        if (d.deviceId() != null && !jdbc.sql("SELECT EXISTS (SELECT 1 FROM device WHERE id = ? AND client_id = ?)")
                .params(d.deviceId(), client.value()).query(Boolean.class).single()) {
            throw new InvalidInputException("deviceId", "Choose a device of this client.");
        }
        if (d.siteId() != null && !jdbc.sql("SELECT EXISTS (SELECT 1 FROM site WHERE id = ? AND client_id = ?)")
                .params(d.siteId(), client.value()).query(Boolean.class).single()) {
            throw new InvalidInputException("siteId", "Choose a site of this client.");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO maintenance_window (id, client_id, device_id, site_id, starts_at, ends_at, reason, created_by, created_at,
                    recurrence, days, start_time, duration_minutes, zone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, client.value(), d.deviceId(), d.siteId(), Timestamp.from(starts), Timestamp.from(ends), d.reason().strip(),
                        viewer.email(), Timestamp.from(now), weekly ? "WEEKLY" : "ONCE", days, startTime == null ? null : java.sql.Time.valueOf(startTime),
                        weekly ? d.durationMinutes() : null, zone)
                .update();
        return windows(viewer, client).stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<MaintenanceWindow> windows(Viewer viewer, ClientId client) {
        requireStaff(viewer);
        if (!viewer.scope().covers(client)) {
            throw new io.steward.server.shared.NotFoundException("No such client.");
        }
        return jdbc.sql("SELECT * FROM maintenance_window WHERE client_id = ? ORDER BY starts_at DESC LIMIT 200").param(client.value())
                .query(io.steward.server.alerting.internal.AlertStore::window).list();
    }

    /** Windows of every visible client that have not ended yet. */
    @Transactional(readOnly = true)
    public List<MaintenanceWindow> currentAndComing(Viewer viewer) {
        requireStaff(viewer);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        p.add(Timestamp.from(clock.instant()));
        return jdbc.sql("SELECT * FROM maintenance_window w WHERE " + TenantScope.sqlCondition("w.client_id") + " AND w.ends_at > ? ORDER BY w.starts_at")
                .params(p).query(io.steward.server.alerting.internal.AlertStore::window).list();
    }

    /** Records the incident an alert opened. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachTicket(UUID alertId, UUID ticketId) {
        jdbc.sql("UPDATE alert SET ticket_id = ? WHERE id = ?").params(ticketId, alertId).update();
    }

    /** Records the service request a disk-fill forecast opened. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachForecastTicket(io.steward.server.shared.DeviceId device, String instance, UUID ticketId) {
        jdbc.sql("UPDATE disk_forecast SET ticket_id = ? WHERE device_id = ? AND instance = ?").params(ticketId, device.value(), instance).update();
    }

    /** The latest fill forecast of each of the device's file systems. */
    @Transactional(readOnly = true)
    public List<DiskForecast> forecasts(Viewer viewer, io.steward.server.shared.DeviceId device) {
        devices.get(viewer, device);
        return jdbc.sql("SELECT * FROM disk_forecast WHERE device_id = ? ORDER BY instance").param(device.value())
                .query((rs, n) -> new DiskForecast(rs.getObject("device_id", UUID.class), rs.getString("instance"),
                        rs.getTimestamp("computed_at").toInstant(), rs.getDouble("slope_per_day"), rs.getDouble("fitted_pct"),
                        rs.getDate("full_on") == null ? null : rs.getDate("full_on").toLocalDate(), rs.getObject("ticket_id", UUID.class)))
                .list();
    }

    @Transactional(readOnly = true)
    public List<Alert> list(Viewer viewer, String state) {
        return list(viewer, state, null);
    }

    /**
     * Alerts in scope, newest first, optionally of one state and one device. An open alert's value is
     * the metric's latest (kept by telemetry), so repeats show without a write per sample.
     */
    @Transactional(readOnly = true)
    public List<Alert> list(Viewer viewer, String state, io.steward.server.shared.DeviceId device) {
        return list(viewer, state, null, device);
    }

    /** As {@link #list(Viewer, String, io.steward.server.shared.DeviceId)}, optionally of one severity (WARNING, CRITICAL). */
    @Transactional(readOnly = true)
    public List<Alert> list(Viewer viewer, String state, String severity, io.steward.server.shared.DeviceId device) {
        requireStaff(viewer);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        String where = TenantScope.sqlCondition("a.client_id");
        if (severity != null && !severity.isBlank()) {
            if (!Set.of("WARNING", "CRITICAL").contains(severity)) {
                throw new InvalidInputException("severity", "severity is WARNING or CRITICAL.");
            }
            where += " AND p.severity = ?";
            p.add(severity);
        }
        if (state != null && !state.isBlank()) {
            if (!Set.of("OPEN", "RESOLVED").contains(state)) {
                throw new InvalidInputException("state", "state is OPEN or RESOLVED.");
            }
            where += " AND a.state = ?";
            p.add(state);
        }
        if (device != null) {
            where += " AND a.device_id = ?";
            p.add(device.value());
        }
        return jdbc.sql("""
                SELECT a.*, d.hostname, c.name AS client_name, p.name AS policy, p.severity, p.metric,
                       CASE WHEN a.state = 'OPEN' THEN coalesce((m.latest -> (p.metric || '|' || a.instance) ->> 0)::float8, a.last_value)
                            ELSE a.last_value END AS shown_value FROM alert a
                JOIN device d ON d.id = a.device_id JOIN client c ON c.id = a.client_id JOIN alert_policy p ON p.id = a.policy_id
                -- The device's latest values by key, not through the metric_latest view, which would unfold every device's values.
                LEFT JOIN device_latest m ON m.device_id = a.device_id
                WHERE """ + where + " ORDER BY a.opened_at DESC LIMIT 500").params(p)
                .query((rs, n) -> new Alert(rs.getObject("id", UUID.class), rs.getObject("device_id", UUID.class), rs.getString("hostname"),
                        rs.getString("client_name"), rs.getString("policy"), rs.getString("severity"), rs.getString("metric"), rs.getString("instance"),
                        rs.getString("state"), rs.getTimestamp("opened_at").toInstant(),
                        rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant(),
                        // An open alert shows the newest value, which may still be in the telemetry fold rather than in device_latest.
                        "OPEN".equals(rs.getString("state"))
                                ? telemetry.pendingValue(new io.steward.server.shared.DeviceId(rs.getObject("device_id", UUID.class)), rs.getString("metric"), rs.getString("instance"))
                                        .orElse(rs.getDouble("shown_value"))
                                : rs.getDouble("shown_value"),
                        rs.getObject("ticket_id", UUID.class), rs.getObject("suppressed_by", UUID.class), rs.getObject("policy_id", UUID.class),
                        rs.getBoolean("flapping"), rs.getString("suppressed_reason")))
                .list();
    }

    /** Every policy in the caller's view, with the exclusions of clients they see. */
    @Transactional(readOnly = true)
    public List<AlertPolicy> policies(Viewer viewer) {
        requireStaff(viewer);
        java.util.Map<UUID, List<AlertPolicy.Exclusion>> exclusions = new java.util.HashMap<>();
        jdbc.sql("SELECT * FROM alert_policy_exclusion e WHERE " + TenantScope.sqlCondition("e.client_id")).params(viewer.scope().sqlParams())
                .query((rs, n) -> exclusions.computeIfAbsent(rs.getObject("policy_id", UUID.class), k -> new ArrayList<>())
                        .add(io.steward.server.alerting.internal.PolicyCache.exclusion(rs)))
                .list();
        return jdbc.sql("SELECT * FROM alert_policy p WHERE p.client_id IS NULL OR " + TenantScope.sqlCondition("p.client_id")
                        + " ORDER BY p.client_id NULLS FIRST, p.metric, p.threshold")
                .params(viewer.scope().sqlParams()).query(io.steward.server.alerting.internal.PolicyCache::policy).list().stream()
                .map(x -> x.withExclusions(exclusions.getOrDefault(x.id(), List.of()))).toList();
    }

    @Transactional(readOnly = true)
    public AlertPolicy policy(Viewer viewer, UUID id) {
        return policies(viewer).stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new io.steward.server.shared.NotFoundException("No such alert policy."));
    }

    /** The policies that apply to a device after inheritance and exclusions, as the evaluator uses them. */
    @Transactional(readOnly = true)
    public List<AlertPolicy> effectivePolicies(Viewer viewer, io.steward.server.shared.DeviceId device) {
        devices.get(viewer, device);
        io.steward.server.devices.DeviceProfile profile = devices.profile(device);
        List<AlertPolicy> all = policies(viewer).stream().filter(p -> !p.id().equals(OFFLINE_POLICY)).toList();
        return io.steward.server.alerting.internal.PolicyResolver.effective(all, profile);
    }

    @Transactional
    public AlertPolicy createPolicy(Viewer viewer, PolicyDraft d) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        if (d.clientId() == null && !viewer.scope().allClients()) {
            throw new InvalidInputException("clientId", "Only staff who see every client may add MSP-wide policies.");
        }
        if (d.clientId() != null && !viewer.scope().covers(new ClientId(d.clientId()))) {
            throw new InvalidInputException("clientId", "No such client.");
        }
        requireName(d.name());
        if (outside(d.windowSeconds()) || outside(d.forSeconds())) {
            throw new InvalidInputException("windowSeconds", "Windows and durations are 0 to 86,400 seconds.");
        }
        requireCondition(d.comparison(), d.threshold(), d.recoveryThreshold());
        long narrowings = java.util.stream.Stream.of(d.siteId(), d.groupId(), d.deviceId()).filter(java.util.Objects::nonNull).count();
        if (narrowings > 0 && d.clientId() == null) {
            throw new InvalidInputException("clientId", "A policy for a site, group or device names its client.");
        }
        if (narrowings > 1) {
            throw new InvalidInputException("siteId", "Choose at most one of site, group and device.");
        }
        requireOwned(d.clientId(), "site", d.siteId(), "siteId");
        requireOwned(d.clientId(), "device_group", d.groupId(), "groupId");
        requireOwned(d.clientId(), "device", d.deviceId(), "deviceId");
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO alert_policy (id, client_id, name, metric, comparison, threshold, recovery_threshold, severity, created_at,
                    site_id, group_id, device_id, aggregation, window_seconds, for_seconds, enabled)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, d.clientId(), d.name().strip(), d.metric(), d.comparison(), d.threshold(), d.recoveryThreshold(), d.severity(),
                        Timestamp.from(clock.instant()), d.siteId(), d.groupId(), d.deviceId(), d.aggregation() == null ? "LAST" : d.aggregation(),
                        d.windowSeconds() == null ? 0 : d.windowSeconds(), d.forSeconds() == null ? 0 : d.forSeconds(), !Boolean.FALSE.equals(d.enabled()))
                .update();
        cache.invalidatePolicies(d.clientId() == null ? null : new ClientId(d.clientId()));
        return policy(viewer, id);
    }

    /** An exclusion as submitted: exactly one of a site, group or device, of a client the caller sees. */
    public record ExclusionDraft(UUID siteId, UUID groupId, UUID deviceId) {
    }

    /** Takes a site, group or device out of a policy (an MSP-wide one too: the exclusion belongs to that client). */
    @Transactional
    public AlertPolicy exclude(Viewer viewer, UUID policyId, ExclusionDraft d) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        AlertPolicy p = policy(viewer, policyId);
        long given = java.util.stream.Stream.of(d.siteId(), d.groupId(), d.deviceId()).filter(java.util.Objects::nonNull).count();
        if (given != 1) {
            throw new InvalidInputException("siteId", "Name exactly one site, group or device to exclude.");
        }
        String table = d.siteId() != null ? "site" : d.groupId() != null ? "device_group" : "device";
        UUID target = d.siteId() != null ? d.siteId() : d.groupId() != null ? d.groupId() : d.deviceId();
        String field = d.siteId() != null ? "siteId" : d.groupId() != null ? "groupId" : "deviceId";
        List<Object> params = new ArrayList<>(viewer.scope().sqlParams());
        params.add(target);
        UUID client = jdbc.sql("SELECT x.client_id FROM " + table + " x WHERE " + TenantScope.sqlCondition("x.client_id") + " AND x.id = ?")
                .params(params).query(UUID.class).optional().orElseThrow(() -> new InvalidInputException(field, "No such " + table.replace('_', ' ') + "."));
        if (p.clientId() != null && !p.clientId().value().equals(client)) {
            throw new InvalidInputException(field, "Choose one of the policy's client's.");
        }
        jdbc.sql("INSERT INTO alert_policy_exclusion (id, policy_id, client_id, site_id, group_id, device_id, created_by, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), policyId, client, d.siteId(), d.groupId(), d.deviceId(), viewer.email(), Timestamp.from(clock.instant()))
                .update();
        cache.invalidatePolicies(new ClientId(client));
        java.util.Set<UUID> devicesOut = new java.util.HashSet<>();
        if (d.deviceId() != null) {
            devicesOut.add(d.deviceId());
        } else if (d.groupId() != null) {
            devicesOut.addAll(devices.group(viewer, d.groupId()).members());
        } else {
            devicesOut.addAll(jdbc.sql("SELECT id FROM device WHERE site_id = ?").param(d.siteId()).query(UUID.class).list());
        }
        closeOrphans(viewer, p, devicesOut, "the device was excluded from the policy \"" + p.name() + "\".");
        return policy(viewer, policyId);
    }

    /** New thresholds and severity of a policy; its metric, scope, aggregation and windows stay. */
    public record ThresholdChange(@NotBlank @Size(max = 100) String name, double threshold, double recoveryThreshold,
                                  @NotBlank @Pattern(regexp = "WARNING|CRITICAL") String severity) {
    }

    /**
     * Adjusts a policy's thresholds (the common case: disks alert at 85 % instead of 90 %). The
     * evaluator reads thresholds from the policy on every sample, so the change applies to the next
     * batch, open alerts included (they clear when the new recovery threshold is met). Aggregation and
     * windows are fixed: for those, add a policy and switch this one off.
     */
    @Transactional
    public AlertPolicy changeThresholds(Viewer viewer, UUID policyId, ThresholdChange c) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        AlertPolicy p = policy(viewer, policyId);
        if (p.clientId() == null && !viewer.scope().allClients()) {
            throw new io.steward.server.shared.ForbiddenException("Only staff who see every client may change MSP-wide policies.");
        }
        requireName(c.name());
        if (OFFLINE_POLICY.equals(policyId)) {
            throw new InvalidInputException("threshold", "The offline policy counts missed heartbeats; set the heartbeat interval instead.");
        }
        requireCondition(p.comparison(), c.threshold(), c.recoveryThreshold());
        jdbc.sql("UPDATE alert_policy SET name = ?, threshold = ?, recovery_threshold = ?, severity = ? WHERE id = ?")
                .params(c.name().strip(), c.threshold(), c.recoveryThreshold(), c.severity(), policyId).update();
        cache.invalidatePolicies(p.clientId());
        return policy(viewer, policyId);
    }

    /** Gives a site, group or device back to a policy it was excluded from. */
    @Transactional
    public AlertPolicy removeExclusion(Viewer viewer, UUID policyId, UUID exclusionId) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        AlertPolicy p = policy(viewer, policyId);
        AlertPolicy.Exclusion gone = p.exclusions().stream().filter(x -> x.id().equals(exclusionId)).findFirst()
                .orElseThrow(() -> new io.steward.server.shared.NotFoundException("No such exclusion of this policy."));
        jdbc.sql("DELETE FROM alert_policy_exclusion WHERE id = ? AND policy_id = ?").params(exclusionId, policyId).update();
        cache.invalidatePolicies(gone.clientId());
        return policy(viewer, policyId);
    }

    /**
     * Cancels a maintenance window: from now on its client's problems page people again. Alerts
     * that started inside it stay as they were recorded (they paged nobody then).
     */
    @Transactional
    public void cancelWindow(Viewer viewer, UUID windowId) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        List<Object> params = new ArrayList<>(viewer.scope().sqlParams());
        params.add(windowId);
        int deleted = jdbc.sql("DELETE FROM maintenance_window w WHERE " + TenantScope.sqlCondition("w.client_id") + " AND w.id = ?")
                .params(params).update();
        if (deleted == 0) {
            throw new io.steward.server.shared.NotFoundException("No such maintenance window.");
        }
    }

    /** Switches a policy on or off (a client's own; MSP-wide ones only for staff who see every client). */
    @Transactional
    public AlertPolicy setEnabled(Viewer viewer, UUID policyId, boolean enabled) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
        AlertPolicy p = policy(viewer, policyId);
        if (p.clientId() == null && !viewer.scope().allClients()) {
            throw new io.steward.server.shared.ForbiddenException("Only staff who see every client may switch MSP-wide policies.");
        }
        jdbc.sql("UPDATE alert_policy SET enabled = ? WHERE id = ?").params(enabled, policyId).update();
        cache.invalidatePolicies(p.clientId());
        if (!enabled) {
            closeOrphans(viewer, p, null, "the policy \"" + p.name() + "\" was switched off.");
        }
        return policy(viewer, policyId);
    }

    /**
     * Resolves the open alerts of a policy that no longer applies (switched off, or the device
     * excluded), in the caller's scope: nothing would ever clear them, and their incidents are
     * settled like any recovery (resolved unless someone worked on them). {@code onlyDevices} null: all.
     */
    private void closeOrphans(Viewer viewer, AlertPolicy p, java.util.Set<UUID> onlyDevices, String reason) {
        List<Object> params = new ArrayList<>(viewer.scope().sqlParams());
        params.add(p.id());
        Instant now = clock.instant();
        jdbc.sql("SELECT a.id, a.device_id, a.client_id, a.ticket_id, a.instance, a.last_value, d.hostname FROM alert a JOIN device d ON d.id = a.device_id "
                        + "WHERE " + TenantScope.sqlCondition("a.client_id") + " AND a.policy_id = ? AND a.state = 'OPEN'")
                .params(params)
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getDouble(6), rs.getString(7)})
                .list().stream()
                .filter(a -> onlyDevices == null || onlyDevices.contains((UUID) a[1]))
                .forEach(a -> {
                    jdbc.sql("UPDATE alert SET state = 'RESOLVED', resolved_at = ?, flapping = false WHERE id = ? AND state = 'OPEN'")
                            .params(Timestamp.from(now), a[0]).update();
                    events.publishEvent(new AlertCleared((UUID) a[0], new ClientId((UUID) a[2]), (UUID) a[3], (String) a[6], p.name(), p.metric(),
                            (String) a[4], (Double) a[5], reason));
                });
    }

    private static void requireCondition(String comparison, double threshold, double recoveryThreshold) {
        if (!Double.isFinite(threshold) || !Double.isFinite(recoveryThreshold)) {
            throw new InvalidInputException("threshold", "Thresholds are finite numbers.");
        }
        try {
            new AlertCondition("ABOVE".equals(comparison), threshold, recoveryThreshold);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("recoveryThreshold", "The recovery threshold must lie on the healthy side of the threshold.");
        }
    }

    /** Form input bypasses bean validation; the table's own checks would answer a 500. */
    private static void requireName(String name) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw new InvalidInputException("name", "Give the policy a name of 1 to 100 characters.");
        }
    }

    private static boolean outside(Integer seconds) {
        return seconds != null && (seconds < 0 || seconds > 86_400);
    }

    private void requireOwned(UUID client, String table, UUID id, String field) {
        if (id != null && !jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = ? AND client_id = ?)").params(id, client)
                .query(Boolean.class).single()) {
            throw new InvalidInputException(field, "Choose a " + table.replace('_', ' ') + " of this client.");
        }
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new io.steward.server.shared.NotFoundException("No such page.");
        }
    }

}
