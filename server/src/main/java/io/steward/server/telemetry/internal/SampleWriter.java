package io.steward.server.telemetry.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.telemetry.SamplesAccepted;
import io.steward.server.telemetry.TelemetryProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a group of device batches in the caller's transaction with one statement per table,
 * whatever the number of samples: the (device, seq) rows first, so that only batches not seen
 * before go on; then the latest values, the 1-minute and hourly rollups and the devices' last
 * contact; then {@link SamplesAccepted} per batch, so alert evaluation commits with the samples.
 */
@Component
public class SampleWriter {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final TelemetryProperties properties;

    SampleWriter(JdbcTemplate jdbc, ApplicationEventPublisher events, TelemetryProperties properties) {
        this.jdbc = jdbc;
        this.events = events;
        this.properties = properties;
    }

    /** One agent batch, already validated: only storable samples. */
    public record DeviceBatch(AgentDevice device, List<Messages.Sample> samples, Instant receivedAt) {
        MessageKey key() {
            return new MessageKey(device.deviceId().value(), device.seq());
        }
    }

    /** A (device, seq) pair, the identity of an agent message. */
    public record MessageKey(UUID device, long seq) {
    }

    private record SeriesKey(UUID device, String metric, String instance) {
    }

    private record BucketKey(UUID device, String metric, String instance, long bucket) {
    }

    private static final class Rollup {
        final UUID client;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;

        Rollup(UUID client) {
            this.client = client;
        }

        void add(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            count++;
        }

        void merge(Rollup other) {
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
            sum += other.sum;
            count += other.count;
        }
    }

    private record Latest(UUID client, Messages.Sample sample, long receivedAt) {
    }

    /**
     * Stores the batches not stored before and returns the keys of those it stored now; the others
     * (resends) were stored by an earlier transaction, or appear twice in {@code batches}.
     * Must run in a transaction in system scope.
     */
    public Set<MessageKey> write(List<DeviceBatch> batches, Instant now) {
        // An acknowledgement promises the batch is on disk: whatever the server's default (the embedded
        // PostgreSQL starts with synchronous_commit off), this commit waits for its WAL to be flushed.
        jdbc.queryForList("SELECT set_config('synchronous_commit', 'on', true)");
        Map<MessageKey, DeviceBatch> candidates = new LinkedHashMap<>();
        for (DeviceBatch b : batches) {
            candidates.putIfAbsent(b.key(), b);
        }
        Set<MessageKey> fresh = insertMessages(candidates.values());
        if (fresh.isEmpty()) {
            return fresh;
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long minuteFrom = today.minusDays(properties.minuteRetentionDays()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long minuteTo = today.plusDays(TelemetryProperties.MINUTE_AHEAD_DAYS + 1L).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

        Map<SeriesKey, Latest> latest = new HashMap<>();
        Map<BucketKey, Rollup> minutes = new HashMap<>();
        Set<UUID> devices = new HashSet<>();
        List<DeviceBatch> stored = new ArrayList<>();
        for (DeviceBatch b : candidates.values()) {
            if (!fresh.contains(b.key())) {
                continue;
            }
            stored.add(b);
            UUID device = b.device().deviceId().value();
            UUID client = b.device().clientId().value();
            devices.add(device);
            long received = b.receivedAt().toEpochMilli();
            for (Messages.Sample s : b.samples()) {
                String instance = s.instance() == null ? "" : s.instance();
                SeriesKey series = new SeriesKey(device, s.metric(), instance);
                latest.merge(series, new Latest(client, s, received), (old, neu) -> neu.sample().at() >= old.sample().at() ? neu : old);
                // Older than retention or beyond the partitions made ahead: the latest value still counts, the rollup would be dropped anyway.
                if (s.at() >= minuteFrom && s.at() < minuteTo) {
                    minutes.computeIfAbsent(new BucketKey(device, s.metric(), instance, Math.floorDiv(s.at(), MINUTE) * MINUTE),
                            k -> new Rollup(client)).add(s.value());
                }
            }
        }
        upsertLatest(latest);
        // Hours are folded from closed minutes (MinuteFold); only a late sample for a minute already folded goes to its hour here.
        Map<BucketKey, Rollup> lateHours = new HashMap<>();
        for (BucketKey folded : upsertRollups("metric_minute", minutes)) {
            Rollup part = minutes.get(folded);
            lateHours.computeIfAbsent(new BucketKey(folded.device(), folded.metric(), folded.instance(), Math.floorDiv(folded.bucket(), HOUR) * HOUR),
                    k -> new Rollup(part.client)).merge(part);
        }
        upsertRollups("metric_hour", lateHours);
        touchDevices(devices, now);
        publish(stored);
        return fresh;
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

    private void upsertLatest(Map<SeriesKey, Latest> latest) {
        if (latest.isEmpty()) {
            return;
        }
        int n = latest.size();
        UUID[] device = new UUID[n];
        UUID[] client = new UUID[n];
        String[] metric = new String[n];
        String[] instance = new String[n];
        Double[] value = new Double[n];
        String[] unit = new String[n];
        Long[] at = new Long[n];
        Long[] received = new Long[n];
        int i = 0;
        for (var e : latest.entrySet()) {
            device[i] = e.getKey().device();
            metric[i] = e.getKey().metric();
            instance[i] = e.getKey().instance();
            client[i] = e.getValue().client();
            value[i] = e.getValue().sample().value();
            unit[i] = e.getValue().sample().unit();
            at[i] = e.getValue().sample().at();
            received[i] = e.getValue().receivedAt();
            i++;
        }
        jdbc.update(con -> statement(con, """
                        INSERT INTO metric_latest AS t (device_id, client_id, metric, instance, value, unit, sampled_at, received_at)
                        SELECT d, c, m, i, v, un, timestamptz 'epoch' + a * interval '1 millisecond', timestamptz 'epoch' + r * interval '1 millisecond'
                        FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::int8[], ?::int8[]) AS u(d, c, m, i, v, un, a, r)
                        ON CONFLICT (device_id, metric, instance) DO UPDATE SET value = EXCLUDED.value, unit = EXCLUDED.unit,
                            sampled_at = EXCLUDED.sampled_at, received_at = EXCLUDED.received_at
                        WHERE t.sampled_at <= EXCLUDED.sampled_at""",
                array(con, "uuid", device), array(con, "uuid", client), array(con, "text", metric), array(con, "text", instance),
                array(con, "float8", value), array(con, "text", unit), array(con, "int8", at), array(con, "int8", received)));
    }

    /**
     * Adds the rollups to {@code table} (one of two constants of this class, never input) and returns
     * the keys whose minute row had already been folded into its hour (always none for hours).
     */
    private List<BucketKey> upsertRollups(String table, Map<BucketKey, Rollup> rollups) {
        if (rollups.isEmpty()) {
            return List.of();
        }
        int n = rollups.size();
        UUID[] device = new UUID[n];
        UUID[] client = new UUID[n];
        String[] metric = new String[n];
        String[] instance = new String[n];
        Long[] bucket = new Long[n];
        Double[] min = new Double[n];
        Double[] max = new Double[n];
        Double[] sum = new Double[n];
        Long[] count = new Long[n];
        int i = 0;
        for (var e : rollups.entrySet()) {
            device[i] = e.getKey().device();
            metric[i] = e.getKey().metric();
            instance[i] = e.getKey().instance();
            bucket[i] = e.getKey().bucket();
            Rollup r = e.getValue();
            client[i] = r.client;
            min[i] = r.min;
            max[i] = r.max;
            sum[i] = r.sum;
            count[i] = r.count;
            i++;
        }
        String folded = "metric_minute".equals(table) ? "folded" : "false";
        return jdbc.query(con -> statement(con, "WITH w AS (INSERT INTO " + table + " AS t (device_id, client_id, metric, instance, bucket, min, max, sum, count) "
                        + "SELECT d, c, m, i, timestamptz 'epoch' + b * interval '1 millisecond', mn, mx, sm, ct "
                        + "FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::int8[]) "
                        + "AS u(d, c, m, i, b, mn, mx, sm, ct) "
                        + "ON CONFLICT (device_id, metric, instance, bucket) DO UPDATE SET min = least(t.min, EXCLUDED.min), "
                        + "max = greatest(t.max, EXCLUDED.max), sum = t.sum + EXCLUDED.sum, count = t.count + EXCLUDED.count "
                        + "RETURNING device_id, metric, instance, bucket, " + folded + " AS folded) "
                        + "SELECT device_id, metric, instance, (extract(epoch FROM bucket) * 1000)::int8 FROM w WHERE folded",
                array(con, "uuid", device), array(con, "uuid", client), array(con, "text", metric), array(con, "text", instance),
                array(con, "int8", bucket), array(con, "float8", min), array(con, "float8", max), array(con, "float8", sum), array(con, "int8", count)),
                (rs, row) -> new BucketKey(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    private void touchDevices(Set<UUID> devices, Instant now) {
        UUID[] ids = devices.toArray(UUID[]::new);
        java.util.Arrays.sort(ids);
        jdbc.update(con -> statement(con, "UPDATE device SET last_seen_at = ? WHERE id = ANY(?::uuid[])",
                java.sql.Timestamp.from(now), array(con, "uuid", ids)));
    }

    /**
     * Alert evaluation (a listener) runs per batch in the device's client scope, as it did when each
     * batch had its own transaction: the scope is narrowed for the transaction while it runs.
     */
    private void publish(List<DeviceBatch> stored) {
        boolean narrowed = false;
        try {
            for (DeviceBatch b : stored) {
                if (b.samples().isEmpty()) {
                    continue;
                }
                TenantScope scope = TenantScope.of(b.device().clientId());
                jdbc.queryForList("SELECT set_config('steward.all_clients', 'off', true), set_config('steward.client_ids', ?, true)",
                        scope.clientIdsSetting());
                narrowed = true;
                try (TenantContext.Entered ignored = TenantContext.enter(scope)) {
                    events.publishEvent(new SamplesAccepted(b.device(), b.samples()));
                }
            }
        } finally {
            if (narrowed) {
                jdbc.queryForList("SELECT set_config('steward.all_clients', 'on', true), set_config('steward.client_ids', '{}', true)");
            }
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
