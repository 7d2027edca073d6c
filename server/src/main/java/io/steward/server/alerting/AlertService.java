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
 * Evaluates alert policies on the samples of a batch, in the batch's transaction, and keeps one
 * open alert per device, policy and instance: a breach opens it (AlertRaised), later breaches
 * update its value, a value past the recovery threshold resolves it (AlertCleared).
 */
@Service
public class AlertService {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public AlertService(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** A policy as submitted. */
    public record PolicyDraft(@NotBlank @Size(max = 100) String name, @NotBlank @Pattern(regexp = "[a-z][a-z0-9_.]{0,99}") String metric,
                              @NotNull @Pattern(regexp = "ABOVE|BELOW") String comparison, double threshold, double recoveryThreshold,
                              @NotNull @Pattern(regexp = "WARNING|CRITICAL") String severity, UUID clientId) {
    }

    /** Runs inside the telemetry batch's transaction, in the device's client scope. */
    @org.springframework.context.event.EventListener
    public void on(io.steward.server.telemetry.SamplesAccepted accepted) {
        evaluate(accepted.device(), accepted.samples());
    }

    private void evaluate(AgentDevice device, List<Messages.Sample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        Set<String> metrics = samples.stream().map(Messages.Sample::metric).collect(Collectors.toSet());
        List<AlertPolicy> policies = jdbc.sql("SELECT * FROM alert_policy WHERE enabled AND id <> '00000000-0000-4000-8000-0000000a1e00' "
                        + "AND (client_id IS NULL OR client_id = ?)")
                .param(device.clientId().value()).query(AlertService::policy).list().stream()
                .filter(p -> metrics.contains(p.metric())).toList();
        if (policies.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String[] host = jdbc.sql("SELECT hostname, criticality FROM device WHERE id = ?").param(device.deviceId().value())
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        String hostname = host[0];
        for (Messages.Sample s : samples) {
            String instance = s.instance() == null ? "" : s.instance();
            for (AlertPolicy p : policies) {
                if (!p.metric().equals(s.metric())) {
                    continue;
                }
                AlertCondition condition = p.condition();
                var open = jdbc.sql("SELECT id, ticket_id FROM alert WHERE device_id = ? AND policy_id = ? AND instance = ? AND state = 'OPEN'")
                        .params(device.deviceId().value(), p.id(), instance)
                        .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}).optional();
                if (open.isEmpty() && condition.breaches(s.value())) {
                    UUID id = UUID.randomUUID();
                    UUID window = activeWindow(device.clientId().value(), device.deviceId().value(), now);
                    jdbc.sql("""
                            INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value, suppressed_by)
                            VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)""")
                            .params(id, device.deviceId().value(), device.clientId().value(), p.id(), instance, Timestamp.from(now), s.value(), window)
                            .update();
                    if (window != null) {
                        // Started inside maintenance: recorded, but it pages nobody and opens no incident.
                        continue;
                    }
                    events.publishEvent(new AlertRaised(id, device.deviceId(), device.clientId(), hostname, host[1], p.name(), p.severity(),
                            p.metric(), instance, s.value(), p.threshold()));
                } else if (open.isPresent() && condition.recovers(s.value())) {
                    jdbc.sql("UPDATE alert SET state = 'RESOLVED', resolved_at = ?, last_value = ? WHERE id = ?")
                            .params(Timestamp.from(now), s.value(), open.get()[0]).update();
                    events.publishEvent(new AlertCleared(open.get()[0], device.clientId(), open.get()[1], hostname, p.name(), p.metric(), instance, s.value()));
                } else if (open.isPresent()) {
                    jdbc.sql("UPDATE alert SET last_value = ? WHERE id = ?").params(s.value(), open.get()[0]).update();
                }
            }
        }
    }

    static final UUID OFFLINE_POLICY = UUID.fromString("00000000-0000-4000-8000-0000000a1e00");

    /**
     * Opens an offline alert for every approved device not heard from for three heartbeat intervals.
     * Runs on the scheduler in system scope; returns how many it opened.
     */
    @Transactional
    public int sweepOffline(java.time.Duration silence) {
        Instant now = clock.instant();
        List<Object[]> silent = jdbc.sql("""
                SELECT d.id, d.client_id, d.hostname, d.criticality, d.last_seen_at FROM device d
                WHERE d.status = 'APPROVED' AND d.last_seen_at < ?
                  AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.device_id = d.id AND a.policy_id = ? AND a.state = 'OPEN')
                LIMIT 500""")
                .params(Timestamp.from(now.minus(silence)), OFFLINE_POLICY)
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()})
                .list();
        for (Object[] d : silent) {
            UUID id = UUID.randomUUID();
            double minutes = java.time.Duration.between((Instant) d[4], now).toSeconds() / 60.0;
            UUID window = activeWindow((UUID) d[1], (UUID) d[0], now);
            jdbc.sql("INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value, suppressed_by) "
                            + "VALUES (?, ?, ?, ?, '', 'OPEN', ?, ?, ?)")
                    .params(id, d[0], d[1], OFFLINE_POLICY, Timestamp.from(now), minutes, window).update();
            if (window != null) {
                continue;
            }
            events.publishEvent(new AlertRaised(id, new io.steward.server.shared.DeviceId((UUID) d[0]), new ClientId((UUID) d[1]), (String) d[2],
                    (String) d[3], "Device offline", "CRITICAL", "agent.offline", "", minutes, silence.toMinutes()));
        }
        return silent.size();
    }

    /** A device reported in: an open offline alert clears (and with it, its incident). */
    @org.springframework.context.event.EventListener
    public void on(io.steward.server.devices.DeviceHeard heard) {
        jdbc.sql("SELECT id, ticket_id FROM alert WHERE device_id = ? AND policy_id = ? AND state = 'OPEN'")
                .params(heard.deviceId().value(), OFFLINE_POLICY)
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .optional()
                .ifPresent(open -> {
                    jdbc.sql("UPDATE alert SET state = 'RESOLVED', resolved_at = ?, last_value = 0 WHERE id = ?")
                            .params(Timestamp.from(clock.instant()), open[0]).update();
                    String hostname = jdbc.sql("SELECT hostname FROM device WHERE id = ?").param(heard.deviceId().value()).query(String.class).single();
                    events.publishEvent(new AlertCleared(open[0], heard.clientId(), open[1], hostname, "Device offline", "agent.offline", "", 0));
                });
    }

    /** The maintenance window covering the device at that instant, or null. */
    private UUID activeWindow(UUID client, UUID device, Instant at) {
        return jdbc.sql("""
                SELECT id FROM maintenance_window WHERE client_id = ? AND (device_id IS NULL OR device_id = ?) AND starts_at <= ? AND ends_at > ?
                ORDER BY ends_at DESC LIMIT 1""")
                .params(client, device, Timestamp.from(at), Timestamp.from(at)).query(UUID.class).optional().orElse(null);
    }

    /** A window as submitted; {@code deviceId} null covers every device of the client. */
    public record WindowDraft(UUID deviceId, @NotNull Instant startsAt, @NotNull Instant endsAt, @NotBlank @Size(max = 500) String reason) {
    }

    @Transactional
    public MaintenanceWindow createWindow(Viewer viewer, ClientId client, WindowDraft d) {
        viewer.requireWriter(Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN);
        if (!viewer.scope().covers(client)) {
            throw new io.steward.server.shared.NotFoundException("No such client.");
        }
        if (!d.endsAt().isAfter(d.startsAt())) {
            throw new InvalidInputException("endsAt", "The window must end after it starts.");
        }
        if (java.time.Duration.between(d.startsAt(), d.endsAt()).toDays() > 31) {
            throw new InvalidInputException("endsAt", "A maintenance window lasts at most 31 days.");
        }
        if (d.deviceId() != null && !jdbc.sql("SELECT EXISTS (SELECT 1 FROM device WHERE id = ? AND client_id = ?)")
                .params(d.deviceId(), client.value()).query(Boolean.class).single()) {
            throw new InvalidInputException("deviceId", "Choose a device of this client.");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO maintenance_window (id, client_id, device_id, starts_at, ends_at, reason, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, client.value(), d.deviceId(), Timestamp.from(d.startsAt()), Timestamp.from(d.endsAt()), d.reason().strip(),
                        viewer.email(), Timestamp.from(clock.instant()))
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
                .query((rs, n) -> new MaintenanceWindow(rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class),
                        rs.getObject("device_id", UUID.class), rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                        rs.getString("reason"), rs.getString("created_by")))
                .list();
    }

    /** Windows of every visible client that have not ended yet. */
    @Transactional(readOnly = true)
    public List<MaintenanceWindow> currentAndComing(Viewer viewer) {
        requireStaff(viewer);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        p.add(Timestamp.from(clock.instant()));
        return jdbc.sql("SELECT * FROM maintenance_window w WHERE " + TenantScope.sqlCondition("w.client_id") + " AND w.ends_at > ? ORDER BY w.starts_at")
                .params(p)
                .query((rs, n) -> new MaintenanceWindow(rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class),
                        rs.getObject("device_id", UUID.class), rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                        rs.getString("reason"), rs.getString("created_by")))
                .list();
    }

    /** Records the incident an alert opened. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachTicket(UUID alertId, UUID ticketId) {
        jdbc.sql("UPDATE alert SET ticket_id = ? WHERE id = ?").params(ticketId, alertId).update();
    }

    @Transactional(readOnly = true)
    public List<Alert> list(Viewer viewer, String state) {
        requireStaff(viewer);
        List<Object> p = new ArrayList<>(viewer.scope().sqlParams());
        String where = TenantScope.sqlCondition("a.client_id");
        if (state != null && !state.isBlank()) {
            if (!Set.of("OPEN", "RESOLVED").contains(state)) {
                throw new InvalidInputException("state", "state is OPEN or RESOLVED.");
            }
            where += " AND a.state = ?";
            p.add(state);
        }
        return jdbc.sql("""
                SELECT a.*, d.hostname, c.name AS client_name, p.name AS policy, p.severity, p.metric FROM alert a
                JOIN device d ON d.id = a.device_id JOIN client c ON c.id = a.client_id JOIN alert_policy p ON p.id = a.policy_id
                WHERE """ + where + " ORDER BY a.opened_at DESC LIMIT 500").params(p)
                .query((rs, n) -> new Alert(rs.getObject("id", UUID.class), rs.getObject("device_id", UUID.class), rs.getString("hostname"),
                        rs.getString("client_name"), rs.getString("policy"), rs.getString("severity"), rs.getString("metric"), rs.getString("instance"),
                        rs.getString("state"), rs.getTimestamp("opened_at").toInstant(),
                        rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant(), rs.getDouble("last_value"),
                        rs.getObject("ticket_id", UUID.class), rs.getObject("suppressed_by", UUID.class)))
                .list();
    }

    @Transactional(readOnly = true)
    public List<AlertPolicy> policies(Viewer viewer) {
        requireStaff(viewer);
        return jdbc.sql("SELECT * FROM alert_policy ORDER BY client_id NULLS FIRST, metric, threshold").query(AlertService::policy).list();
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
        try {
            new AlertCondition("ABOVE".equals(d.comparison()), d.threshold(), d.recoveryThreshold());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("recoveryThreshold", "The recovery threshold must lie on the healthy side of the threshold.");
        }
        if (!Double.isFinite(d.threshold()) || !Double.isFinite(d.recoveryThreshold())) {
            throw new InvalidInputException("threshold", "Thresholds are finite numbers.");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO alert_policy (id, client_id, name, metric, comparison, threshold, recovery_threshold, severity, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, d.clientId(), d.name().strip(), d.metric(), d.comparison(), d.threshold(), d.recoveryThreshold(), d.severity(),
                        Timestamp.from(clock.instant()))
                .update();
        return jdbc.sql("SELECT * FROM alert_policy WHERE id = ?").param(id).query(AlertService::policy).single();
    }

    private static AlertPolicy policy(ResultSet rs, int n) throws SQLException {
        UUID client = rs.getObject("client_id", UUID.class);
        return new AlertPolicy(rs.getObject("id", UUID.class), client == null ? null : new ClientId(client), rs.getString("name"),
                rs.getString("metric"), rs.getString("comparison"), rs.getDouble("threshold"), rs.getDouble("recovery_threshold"),
                rs.getString("severity"), rs.getBoolean("enabled"));
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new io.steward.server.shared.NotFoundException("No such page.");
        }
    }

}
