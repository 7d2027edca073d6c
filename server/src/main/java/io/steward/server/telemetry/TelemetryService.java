package io.steward.server.telemetry;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts metric batches from verified agents. Each sample is checked on its own (finite value,
 * known unit, plain names, a time not far from now); bad samples are refused by index and the
 * rest stored, and the batch's sequence number commits with them, so a resend is stored once.
 */
@Service
public class TelemetryService {
    public static final Set<String> UNITS = Set.of("pct", "bytes", "seconds", "count", "bps", "ms", "custom", "load");
    public static final int MAX_SAMPLES = 5000;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]{0,99}");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    public TelemetryService(JdbcClient jdbc, Clock clock, org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public Messages.BatchResponse ingest(AgentDevice device, Messages.MetricBatch batch) {
        if (!device.approved()) {
            throw new ForbiddenException("This device waits for a technician's approval.");
        }
        if (batch.samples() == null || batch.samples().size() > MAX_SAMPLES) {
            throw new InvalidInputException("samples", "A batch has 0 to " + MAX_SAMPLES + " samples.");
        }
        Instant now = clock.instant();
        boolean fresh = jdbc.sql("INSERT INTO agent_message (device_id, seq, client_id, kind, received_at) VALUES (?, ?, ?, 'metrics', ?) ON CONFLICT DO NOTHING")
                .params(device.deviceId().value(), device.seq(), device.clientId().value(), Timestamp.from(now)).update() == 1;
        if (!fresh) {
            throw new io.steward.server.shared.ConflictException("seq", "Message " + device.seq() + " was already received; it is stored once.");
        }
        Map<Integer, String> rejected = new TreeMap<>();
        List<Messages.Sample> good = new java.util.ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < batch.samples().size(); i++) {
            Messages.Sample s = batch.samples().get(i);
            String why = problem(s, now);
            if (why != null) {
                rejected.put(i, why);
                continue;
            }
            jdbc.sql("""
                    INSERT INTO metric_latest (device_id, client_id, metric, instance, value, unit, sampled_at, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (device_id, metric, instance) DO UPDATE SET value = EXCLUDED.value, unit = EXCLUDED.unit,
                        sampled_at = EXCLUDED.sampled_at, received_at = EXCLUDED.received_at
                    WHERE metric_latest.sampled_at <= EXCLUDED.sampled_at""")
                    .params(device.deviceId().value(), device.clientId().value(), s.metric(), s.instance() == null ? "" : s.instance(), s.value(),
                            s.unit(), Timestamp.from(Instant.ofEpochMilli(s.at())), Timestamp.from(now))
                    .update();
            good.add(s);
            accepted++;
        }
        // Listeners (alert evaluation) run on the same batch, in its transaction: an alert and its incident commit with the samples.
        if (!good.isEmpty()) {
            events.publishEvent(new SamplesAccepted(device, List.copyOf(good)));
        }
        jdbc.sql("UPDATE device SET last_seen_at = ? WHERE id = ?").params(Timestamp.from(now), device.deviceId().value()).update();
        return new Messages.BatchResponse(device.seq(), accepted, rejected);
    }

    /** Why a sample cannot be stored, or null. */
    static String problem(Messages.Sample s, Instant now) {
        if (s == null) {
            return "empty sample";
        }
        if (s.metric() == null || !NAME.matcher(s.metric()).matches()) {
            return "metric must be lower-case letters, digits, dots and underscores";
        }
        if (s.instance() != null && s.instance().length() > 255) {
            return "instance is longer than 255 characters";
        }
        if (Double.isNaN(s.value()) || Double.isInfinite(s.value())) {
            return "value must be a finite number";
        }
        if (s.unit() == null || !UNITS.contains(s.unit())) {
            return "unknown unit; use one of " + String.join(", ", new java.util.TreeSet<>(UNITS));
        }
        Instant at = Instant.ofEpochMilli(s.at());
        if (at.isAfter(now.plus(Duration.ofMinutes(10))) || at.isBefore(now.minus(Duration.ofDays(30)))) {
            return "at is more than 10 minutes ahead or 30 days behind the server's clock";
        }
        return null;
    }

    /** Latest values of a device; the caller has checked the device is visible. */
    @Transactional(readOnly = true)
    public List<LatestValue> latest(DeviceId device) {
        return jdbc.sql("SELECT * FROM metric_latest WHERE device_id = ? ORDER BY metric, instance").param(device.value())
                .query((rs, n) -> new LatestValue(rs.getString("metric"), rs.getString("instance"), rs.getDouble("value"), rs.getString("unit"),
                        rs.getTimestamp("sampled_at").toInstant(), rs.getTimestamp("received_at").toInstant()))
                .list();
    }
}
