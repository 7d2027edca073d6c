package io.steward.server.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.telemetry.internal.IngestPipeline;
import io.steward.server.telemetry.internal.MetricReadRepository;
import io.steward.server.telemetry.internal.RollupFold;
import io.steward.server.telemetry.internal.SampleWriter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts metric batches from verified agents. Each sample is checked on its own (finite value,
 * known unit, plain names, a time not far from now) on the request's thread; bad samples are
 * refused by index and the rest go through the ingest queue to the batch writer, which stores
 * them with the batch's sequence number in one transaction, so a resend is stored once.
 */
@Service
public class TelemetryService {
    public static final Set<String> UNITS = Set.of("pct", "bytes", "seconds", "count", "bps", "ms", "custom", "load");
    public static final int MAX_SAMPLES = 5000;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]{0,99}");

    private final MetricReadRepository reads;
    private final Clock clock;
    private final IngestPipeline pipeline;
    private final RollupFold fold;
    private final TelemetryProperties properties;

    public TelemetryService(MetricReadRepository reads, Clock clock, IngestPipeline pipeline, RollupFold fold, TelemetryProperties properties) {
        this.reads = reads;
        this.clock = clock;
        this.pipeline = pipeline;
        this.fold = fold;
        this.properties = properties;
    }

    /** What became of a batch; {@code alreadyStored} when it is a resend of one stored before (nothing new stored). */
    public record Ingested(Messages.BatchResponse response, boolean alreadyStored) {
    }

    /**
     * Validates a batch on the request's thread, queues it for the batch writer and waits until
     * its transaction committed. A resend of a stored (device, seq) is acknowledged as already
     * stored and stores nothing.
     *
     * @throws BatchRejected when no sample of a non-empty batch can be stored (400, do not resend)
     * @throws IngestBusy    when the queue is full or the batch was not stored in time (503, resend later)
     */
    public Ingested ingest(AgentDevice device, Messages.MetricBatch batch) {
        Submitted submitted = submit(device, batch);
        boolean storedNow;
        try {
            storedNow = submitted.stored().get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IngestBusy("The batch was not stored in time; send it again later (it is stored once).", properties.retryAfterSeconds());
        } catch (ExecutionException e) {
            throw new IngestBusy("The batch could not be stored now; send it again later.", properties.retryAfterSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestBusy("The server is stopping; send the batch again later.", properties.retryAfterSeconds());
        }
        return submitted.answer(device.seq(), storedNow);
    }

    /**
     * A batch handed to the batch writer: how many samples go on, which were refused and why (by index), and the
     * commit: true when this delivery stored the batch, false when an earlier one had (a resend; nothing new stored);
     * it completes exceptionally when the write failed (the batch may be sent again).
     */
    public record Submitted(int accepted, Map<Integer, String> rejected, CompletableFuture<Boolean> stored) {
        /** The agent's answer once {@link #stored} has completed normally with {@code storedNow}. */
        public Ingested answer(long seq, boolean storedNow) {
            return storedNow ? new Ingested(new Messages.BatchResponse(seq, accepted, rejected), false)
                    : new Ingested(new Messages.BatchResponse(seq, 0, Map.of()), true);
        }
    }

    /**
     * Validates a batch and queues it for the batch writer without waiting for its commit: for connections that
     * answer many batches at once (protocol v2). Same rules and refusals as {@link #ingest}.
     *
     * @throws ForbiddenException when the device is not approved
     * @throws BatchRejected      when no sample of a non-empty batch can be stored (do not resend)
     * @throws IngestBusy         when the queue is full (resend later)
     */
    public Submitted submit(AgentDevice device, Messages.MetricBatch batch) {
        if (!device.approved()) {
            throw new ForbiddenException("This device waits for a technician's approval.");
        }
        if (batch.samples() == null || batch.samples().size() > MAX_SAMPLES) {
            throw new InvalidInputException("samples", "A batch has 0 to " + MAX_SAMPLES + " samples.");
        }
        Instant now = clock.instant();
        Map<Integer, String> rejected = new TreeMap<>();
        List<Messages.Sample> good = new ArrayList<>(batch.samples().size());
        for (int i = 0; i < batch.samples().size(); i++) {
            Messages.Sample s = batch.samples().get(i);
            String why = problem(s, now);
            if (why != null) {
                rejected.put(i, why);
            } else {
                good.add(s.instance() == null ? new Messages.Sample(s.metric(), "", s.value(), s.unit(), s.at()) : s);
            }
        }
        if (good.isEmpty() && !rejected.isEmpty()) {
            throw new BatchRejected(rejected);
        }
        CompletableFuture<IngestPipeline.Outcome> stored = pipeline.offer(new SampleWriter.DeviceBatch(device, List.copyOf(good), now));
        if (stored == null) {
            throw new IngestBusy("The server is taking in more samples than it can store right now; send this batch again later.",
                    retryAfterSeconds());
        }
        return new Submitted(good.size(), rejected, stored.thenApply(outcome -> outcome == IngestPipeline.Outcome.STORED));
    }

    /**
     * Whether a batch of {@code samples} would find room in the ingest queue now: a connection that asks first spends no
     * work on a batch it would be told to send again (under overload that work is what keeps the server overloaded).
     */
    public boolean hasRoom(int samples) {
        return pipeline.hasRoom(samples);
    }

    /**
     * Seconds an agent is told to wait before it sends a batch again that found the server busy: about as long as the
     * samples waiting now take to be written (at least {@code retryAfterSeconds}), spread out (see {@link IngestPipeline#backlogSeconds}).
     */
    public int retryAfterSeconds() {
        return pipeline.backlogSeconds(properties.retryAfterSeconds());
    }

    /** Metric names found valid, so a fleet's few hundred names are matched against {@link #NAME} once each, not per sample. */
    private static final Set<String> VALID_NAMES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static boolean validName(String metric) {
        if (VALID_NAMES.contains(metric)) {
            return true;
        }
        boolean valid = NAME.matcher(metric).matches();
        if (valid && VALID_NAMES.size() < 100_000) {
            VALID_NAMES.add(metric);
        }
        return valid;
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Why a sample cannot be stored, or null. */
    static String problem(Messages.Sample s, Instant now) {
        if (s == null) {
            return "empty sample";
        }
        if (s.metric() == null || !validName(s.metric())) {
            return "metric must be lower-case letters, digits, dots and underscores";
        }
        if (s.instance() != null && s.instance().length() > 255) {
            return "instance is longer than 255 characters";
        }
        if (s.instance() != null && hasControl(s.instance())) {
            // PostgreSQL text cannot hold U+0000: stored, it would fail the whole batch again on every resend.
            return "instance contains control characters";
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

    /**
     * The newest value of a series that is folded in memory and not yet in {@code device_latest}
     * (empty when the table is current): readers that read {@code device_latest} (or its view {@code metric_latest}) in SQL add it.
     */
    public java.util.OptionalDouble pendingValue(DeviceId device, String metric, String instance) {
        RollupFold.Latest l = fold.pendingLatest(device.value()).get(metric + "\u0000" + (instance == null ? "" : instance));
        return l == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(l.sample().value());
    }

    /**
     * Latest values of a device, including those folded in memory and not written yet; the caller
     * has checked the device is visible.
     */
    @Transactional(readOnly = true)
    public List<LatestValue> latest(DeviceId device) {
        fold.readLock().lock();
        try {
            Map<String, LatestValue> byKey = new TreeMap<>();
            reads.latest(device).forEach(v -> byKey.put(v.metric() + "\u0000" + v.instance(), v));
            fold.pendingLatest(device.value()).forEach((key, l) -> {
                LatestValue stored = byKey.get(key);
                if (stored == null || stored.sampledAt().toEpochMilli() <= l.sample().at()) {
                    byKey.put(key, new LatestValue(l.sample().metric(), l.sample().instance(), l.sample().value(), l.sample().unit(),
                            Instant.ofEpochMilli(l.sample().at()), Instant.ofEpochMilli(l.receivedAt())));
                }
            });
            return List.copyOf(byKey.values());
        } finally {
            fold.readLock().unlock();
        }
    }

    /**
     * A metric of a device over the last hour, day or week from the rollups, in the viewer's scope.
     *
     * @throws NotFoundException when the device is not visible to the viewer
     */
    @Transactional(readOnly = true)
    public MetricSeries series(Viewer viewer, DeviceId device, String metric, String instance, MetricSeries.Range range) {
        TenantScope scope = viewer.scope();
        if (!viewer.isStaff() || !reads.deviceInScope(scope, device)) {
            throw new NotFoundException("No such device.");
        }
        if (metric == null || !NAME.matcher(metric).matches()) {
            throw new InvalidInputException("metric", "metric must be lower-case letters, digits, dots and underscores");
        }
        String inst = instance == null ? "" : instance;
        if (inst.length() > 255) {
            throw new InvalidInputException("instance", "instance is longer than 255 characters");
        }
        Instant from = clock.instant().minus(range.span());
        fold.readLock().lock();
        try {
            return series(scope, device, metric, inst, range, from);
        } finally {
            fold.readLock().unlock();
        }
    }

    /** The rollups of the tables plus, for minute ranges, the minutes folded in memory and not written yet. */
    private MetricSeries series(TenantScope scope, DeviceId device, String metric, String inst, MetricSeries.Range range, Instant from) {
        // The table name comes from the Range constant, never from input.
        List<MetricSeries.Point> points = reads.rollups(scope, device, metric, inst, range.table(), from);
        if (range.table().equals("metric_minute")) {
            points = withPending(points, fold.pendingMinutes(device.value(), metric, inst), from);
        }
        String unit = reads.unit(scope, device, metric, inst).orElseGet(() -> fold.pendingLatest(device.value()).entrySet().stream().filter(e -> e.getKey().equals(metric + "\u0000" + inst))
                        .map(e -> e.getValue().sample().unit()).findFirst().orElse(""));
        return new MetricSeries(metric, inst, range, unit, points);
    }

    private static List<MetricSeries.Point> withPending(List<MetricSeries.Point> stored, Map<Long, RollupFold.Rollup> pending, Instant from) {
        if (pending.isEmpty()) {
            return stored;
        }
        Map<Long, MetricSeries.Point> byBucket = new TreeMap<>();
        stored.forEach(p -> byBucket.put(p.at().toEpochMilli(), p));
        pending.forEach((bucket, r) -> {
            if (bucket < from.toEpochMilli()) {
                return;
            }
            MetricSeries.Point p = byBucket.get(bucket);
            double sum = r.sum() + (p == null ? 0 : p.avg() * p.count());
            long count = r.count() + (p == null ? 0 : p.count());
            byBucket.put(bucket, new MetricSeries.Point(Instant.ofEpochMilli(bucket), p == null ? r.min() : Math.min(p.min(), r.min()),
                    p == null ? r.max() : Math.max(p.max(), r.max()), sum / count, count));
        });
        return List.copyOf(byBucket.values());
    }
}
