package io.steward.server.devices.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.steward.server.devices.DeviceHeard;
import io.steward.server.devices.DevicesHeard;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.telemetry.ClientSamplesAccepted;
import io.steward.server.telemetry.SamplesAccepted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The last contact of devices whose agents sent a heartbeat on their stream ({@code StreamFrame.Alive}) or had metric
 * batches stored (over either protocol, {@link ClientSamplesAccepted}): collected in memory and written for all of them
 * together every {@link #FLUSH_MILLIS}, in one statement and one commit, and then announced together
 * ({@link DevicesHeard}, which clears their offline alerts).
 *
 * <p>Why not per heartbeat: 20,000 agents heartbeat 670 times a second, and a v1 heartbeat's own signed request, stored
 * sequence number and commit were the larger part of a stream fleet's server CPU. A stream heartbeat needs neither a
 * signature nor a sequence number: the connection was authenticated once, and TLS keeps its frames from being replayed.
 *
 * <p>Invariants: only approved devices are marked (a device retired meanwhile is skipped); a write that fails leaves its
 * devices to the next one; rows are locked in id order, as the sample writer's touch does.
 */
@Component
class DeviceLiveness implements DisposableBean {
    static final long FLUSH_MILLIS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(DeviceLiveness.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Map<DeviceId, ClientId> heard = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("agent-liveness").daemon(true).factory());

    DeviceLiveness(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
        timer.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The device's agent is alive; its last contact is written with the next flush. */
    void heard(DeviceId device, ClientId client) {
        heard.put(device, client);
    }

    /**
     * Devices whose batches the writer stored are alive too: heard inside its transaction, in memory only (a batch rolled
     * back was still a contact), so the writer's transaction no longer updates device rows.
     */
    @EventListener
    void on(ClientSamplesAccepted accepted) {
        for (SamplesAccepted b : accepted.batches()) {
            heard(b.device().deviceId(), b.device().clientId());
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Stream heartbeats not recorded now (tried again in {} ms): {}", FLUSH_MILLIS, e.toString());
        }
    }

    /** Writes the last contact of every device heard since the last flush; returns the approved devices marked. */
    int flush() {
        if (heard.isEmpty()) {
            return 0;
        }
        Map<DeviceId, ClientId> taken = new HashMap<>();
        for (Iterator<Map.Entry<DeviceId, ClientId>> it = heard.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<DeviceId, ClientId> e = it.next();
            taken.put(e.getKey(), e.getValue());
            it.remove();
        }
        UUID[] ids = taken.keySet().stream().map(DeviceId::value).sorted().toArray(UUID[]::new);
        Timestamp now = Timestamp.from(clock.instant());
        List<UUID> marked;
        try {
            marked = TenantContext.callAsSystem(() -> tx.execute(status -> jdbc.query(con -> {
                var ps = con.prepareStatement("""
                        UPDATE device SET last_seen_at = ? FROM (SELECT id FROM device WHERE id = ANY(?::uuid[]) AND status = 'APPROVED' ORDER BY id FOR UPDATE) l
                        WHERE device.id = l.id RETURNING device.id""");
                ps.setTimestamp(1, now);
                ps.setArray(2, con.createArrayOf("uuid", ids));
                return ps;
            }, (rs, n) -> rs.getObject(1, UUID.class))));
        } catch (DataAccessException e) {
            // Heard again by the next flush unless a newer heartbeat replaced the entry meanwhile (same device, same client).
            taken.forEach(heard::putIfAbsent);
            throw e;
        }
        if (marked == null || marked.isEmpty()) {
            return 0;
        }
        List<DeviceHeard> announced = new ArrayList<>(marked.size());
        for (UUID id : marked) {
            DeviceId device = new DeviceId(id);
            announced.add(new DeviceHeard(device, taken.get(device)));
        }
        TenantContext.runAsSystem(() -> events.publishEvent(new DevicesHeard(announced)));
        return marked.size();
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
