package io.steward.server.telemetry.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.telemetry.ClientSamplesAccepted;
import io.steward.server.telemetry.SamplesAccepted;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a group of device batches in the caller's transaction with one statement per table,
 * whatever the number of samples: the (device, seq) rows first, so that only batches not seen
 * before go on; then one {@code metric_batch} row per batch with its samples packed; then
 * {@link ClientSamplesAccepted} per client, so alert evaluation commits with the samples (and the devices module
 * marks the devices' last contact from it).
 * Latest values and rollups are not written here: {@link RollupFold} folds them from the committed
 * batches and writes them in bulk.
 */
@Component
public class SampleWriter {
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    SampleWriter(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * One agent batch, already validated: only storable samples, and their packed form, made where the batch is
     * made (a request's thread) rather than on the one writer thread.
     */
    public record DeviceBatch(AgentDevice device, List<Messages.Sample> samples, Instant receivedAt, byte[] packed) {
        public DeviceBatch(AgentDevice device, List<Messages.Sample> samples, Instant receivedAt) {
            this(device, samples, receivedAt, samples.isEmpty() ? null : BatchCodec.encode(samples));
        }

        MessageKey key() {
            return new MessageKey(device.deviceId().value(), device.seq());
        }
    }

    /** A (device, seq) pair, the identity of an agent message. */
    public record MessageKey(UUID device, long seq) {
    }

    /** What a write stored: the keys of batches stored now, those batches, and the highest {@code metric_batch} id it wrote (0 if none). */
    public record Written(Set<MessageKey> fresh, List<DeviceBatch> stored, long throughId) {
    }

    /**
     * Stores the batches not stored before: their (device, seq) rows, one {@code metric_batch} row each
     * with the packed samples, and the alert evaluation of their samples.
     * Latest values and rollups are folded from these by {@link RollupFold} after the commit. Resends
     * (stored by an earlier transaction, or twice in {@code batches}) store nothing.
     * Must run in a transaction in system scope.
     */
    public Written write(List<DeviceBatch> batches) {
        // An acknowledgement promises the batch is on disk: whatever the server's default (the embedded
        // PostgreSQL starts with synchronous_commit off), this commit waits for its WAL to be flushed.
        jdbc.queryForList("SELECT set_config('synchronous_commit', 'on', true)");
        Map<MessageKey, DeviceBatch> candidates = new LinkedHashMap<>();
        for (DeviceBatch b : batches) {
            candidates.putIfAbsent(b.key(), b);
        }
        Set<MessageKey> fresh = insertMessages(candidates.values());
        if (fresh.isEmpty()) {
            return new Written(fresh, List.of(), 0);
        }
        List<DeviceBatch> stored = new ArrayList<>();
        for (DeviceBatch b : candidates.values()) {
            if (fresh.contains(b.key())) {
                stored.add(b);
            }
        }
        long through = insertBatches(stored);
        publish(stored);
        return new Written(fresh, stored, through);
    }

    /** One row per batch with samples; returns the highest id written. Ids grow in commit order: this writer is the only one. */
    private long insertBatches(List<DeviceBatch> stored) {
        List<DeviceBatch> withSamples = stored.stream().filter(b -> !b.samples().isEmpty()).toList();
        int n = withSamples.size();
        if (n == 0) {
            return 0;
        }
        UUID[] device = new UUID[n];
        UUID[] client = new UUID[n];
        Long[] seq = new Long[n];
        Long[] received = new Long[n];
        Long[] maxAt = new Long[n];
        byte[][] packed = new byte[n][];
        for (int i = 0; i < n; i++) {
            DeviceBatch b = withSamples.get(i);
            device[i] = b.device().deviceId().value();
            client[i] = b.device().clientId().value();
            seq[i] = b.device().seq();
            received[i] = b.receivedAt().toEpochMilli();
            long max = Long.MIN_VALUE;
            for (Messages.Sample s : b.samples()) {
                max = Math.max(max, s.at());
            }
            maxAt[i] = max;
            packed[i] = b.packed();
        }
        Long through = jdbc.query(con -> statement(con, """
                        WITH w AS (INSERT INTO metric_batch (device_id, client_id, seq, received_at, max_at, samples)
                            SELECT d, c, s, timestamptz 'epoch' + r * interval '1 millisecond', timestamptz 'epoch' + a * interval '1 millisecond', p
                            FROM unnest(?::uuid[], ?::uuid[], ?::int8[], ?::int8[], ?::int8[], ?::bytea[]) WITH ORDINALITY AS u(d, c, s, r, a, p, o)
                            ORDER BY o
                            RETURNING id)
                        SELECT max(id) FROM w""",
                array(con, "uuid", device), array(con, "uuid", client), array(con, "int8", seq), array(con, "int8", received),
                array(con, "int8", maxAt), array(con, "bytea", packed)),
                rs -> rs.next() ? rs.getLong(1) : 0L);
        return through == null ? 0 : through;
    }

    private Set<MessageKey> insertMessages(java.util.Collection<DeviceBatch> batches) {
        int n = batches.size();
        UUID[] device = new UUID[n];
        Long[] seq = new Long[n];
        UUID[] client = new UUID[n];
        Long[] received = new Long[n];
        int i = 0;
        for (DeviceBatch b : batches) {
            device[i] = b.device().deviceId().value();
            seq[i] = b.device().seq();
            client[i] = b.device().clientId().value();
            received[i] = b.receivedAt().toEpochMilli();
            i++;
        }
        List<MessageKey> inserted = jdbc.query(con -> statement(con, """
                        INSERT INTO agent_message (device_id, seq, client_id, kind, received_at)
                        SELECT d, s, c, 'metrics', timestamptz 'epoch' + r * interval '1 millisecond'
                        FROM unnest(?::uuid[], ?::int8[], ?::uuid[], ?::int8[]) AS u(d, s, c, r)
                        ON CONFLICT DO NOTHING
                        RETURNING device_id, seq""",
                array(con, "uuid", device), array(con, "int8", seq), array(con, "uuid", client), array(con, "int8", received)),
                (rs, row) -> new MessageKey(rs.getObject(1, UUID.class), rs.getLong(2)));
        return new HashSet<>(inserted);
    }

    /**
     * Alert evaluation (a listener) runs in the devices' client scope, as it did when each batch had its own
     * transaction: the scope is narrowed for the transaction once per client (a round trip each), and the client's
     * batches are announced together, so the listeners write what they make of them with a few statements per client.
     */
    private void publish(List<DeviceBatch> stored) {
        Map<UUID, List<SamplesAccepted>> byClient = new java.util.TreeMap<>();
        for (DeviceBatch b : stored) {
            if (!b.samples().isEmpty()) {
                byClient.computeIfAbsent(b.device().clientId().value(), k -> new ArrayList<>()).add(new SamplesAccepted(b.device(), b.samples()));
            }
        }
        if (byClient.isEmpty()) {
            return;
        }
        try {
            for (Map.Entry<UUID, List<SamplesAccepted>> client : byClient.entrySet()) {
                TenantScope scope = TenantScope.of(new ClientId(client.getKey()));
                jdbc.queryForList("SELECT set_config('steward.all_clients', 'off', true), set_config('steward.client_ids', ?, true)",
                        scope.clientIdsSetting());
                try (TenantContext.Entered ignored = TenantContext.enter(scope)) {
                    events.publishEvent(new ClientSamplesAccepted(new ClientId(client.getKey()), client.getValue()));
                }
            }
        } finally {
            jdbc.queryForList("SELECT set_config('steward.all_clients', 'on', true), set_config('steward.client_ids', '{}', true)");
        }
    }

    private static PreparedStatement statement(Connection con, String sql, Object... params) throws SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    private static java.sql.Array array(Connection con, String type, Object[] elements) throws SQLException {
        return con.createArrayOf(type, elements);
    }
}
