package io.steward.server.devices.internal;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.GroupCommit;
import io.steward.server.shared.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records heartbeats by group commit: the heartbeats that arrive together, whatever their clients,
 * share one statement (sequence numbers stored once, last contact) and one commit.
 *
 * <p>Why: heartbeats are two thirds of a fleet's requests (every 30 s against metrics every 60 s), and
 * each one's own transaction cost PostgreSQL more than the two rows it writes. Devices of every client
 * share the batch, written in system scope: the rows are keyed by device ids the agent channel proved
 * by signature, never by anything a body says.
 *
 * <p>Invariant: a heartbeat is answered only after the commit that stored its sequence number, so a
 * replay of it is refused however soon it comes.
 */
@Component
public class HeartbeatWriter {
    private static final int MAX_BATCH = 256;

    /** What a heartbeat found: {@code fresh} false for a sequence number stored before; the device's status, null if it is gone. */
    public record Heard(boolean fresh, String status) {
    }

    /** A (device, seq) pair, the identity of an agent message. */
    private record Message(UUID device, long seq) {
    }

    private final GroupCommit<Boolean, AgentDevice, Heard> group;

    HeartbeatWriter(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.group = new GroupCommit<>(MAX_BATCH, batch -> TenantContext.callAsSystem(() -> tx.execute(status -> write(jdbc, clock, batch))));
    }

    /** Stores the heartbeat's sequence number and the device's last contact, durably. */
    public Heard record(AgentDevice device) {
        return group.submit(Boolean.TRUE, device);
    }

    private static List<Heard> write(JdbcTemplate jdbc, Clock clock, List<AgentDevice> batch) {
        int n = batch.size();
        UUID[] device = new UUID[n];
        Long[] seq = new Long[n];
        UUID[] client = new UUID[n];
        for (int i = 0; i < n; i++) {
            device[i] = batch.get(i).deviceId().value();
            seq[i] = batch.get(i).seq();
            client[i] = batch.get(i).clientId().value();
        }
        Timestamp now = Timestamp.from(clock.instant());
        // Devices touched only for new sequence numbers, as one message's own transaction would decide. A device
        // deleted since its request was verified (its client was deleted) is answered as gone: its rows are locked
        // against deletion first, so the message is stored for a device that stays, or not at all.
        Map<Message, String> heard = new HashMap<>();
        Set<UUID> gone = new HashSet<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    WITH u AS (SELECT * FROM unnest(?::uuid[], ?::int8[], ?::uuid[]) AS u(d, s, c)),
                         alive AS (SELECT id FROM device WHERE id IN (SELECT d FROM u) ORDER BY id FOR KEY SHARE),
                         m AS (INSERT INTO agent_message (device_id, seq, client_id, kind, received_at)
                               SELECT d, s, c, 'heartbeat', ? FROM u WHERE d IN (SELECT id FROM alive)
                               ON CONFLICT DO NOTHING RETURNING device_id, seq),
                         d AS (UPDATE device SET last_seen_at = ? WHERE id IN (SELECT device_id FROM m) RETURNING id, status)
                    SELECT m.device_id, m.seq, d.status, false FROM m LEFT JOIN d ON d.id = m.device_id
                    UNION ALL
                    SELECT u.d, u.s, NULL, true FROM u WHERE u.d NOT IN (SELECT id FROM alive)""");
            ps.setArray(1, con.createArrayOf("uuid", device));
            ps.setArray(2, con.createArrayOf("int8", seq));
            ps.setArray(3, con.createArrayOf("uuid", client));
            ps.setTimestamp(4, now);
            ps.setTimestamp(5, now);
            return ps;
        }, rs -> {
            UUID id = rs.getObject(1, UUID.class);
            if (rs.getBoolean(4)) {
                gone.add(id);
            } else {
                heard.put(new Message(id, rs.getLong(2)), rs.getString(3));
            }
        });
        return batch.stream().map(d -> {
            Message key = new Message(d.deviceId().value(), d.seq());
            if (gone.contains(key.device())) {
                return new Heard(true, null);
            }
            return heard.containsKey(key) ? new Heard(true, heard.remove(key)) : new Heard(false, null);
        }).toList();
    }
}
