package io.steward.server.telemetry.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.steward.server.shared.TenantContext;
import io.steward.server.telemetry.TelemetryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ingest queue and its batch writer. Request threads hand in validated batches and wait on a
 * future; one writer thread takes as many waiting batches as fit in a transaction, writes them
 * together and completes their futures only after the commit, so an acknowledged batch is durable.
 * Invariant: at most {@code queueSamples} samples wait or are being written; past that,
 * {@link #offer} refuses (the agent is told to come back later) instead of growing the heap.
 */
@Component
public class IngestPipeline implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

    /** What happened to a batch: stored now, or stored by an earlier delivery (a resend). */
    public enum Outcome { STORED, ALREADY_STORED }

    private record Pending(SampleWriter.DeviceBatch batch, CompletableFuture<Outcome> done) {
        int weight() {
            return Math.max(1, batch.samples().size());
        }
    }

    private final SampleWriter writer;
    private final RollupFold fold;
    private final RollupPartitions partitions;
    private final TransactionTemplate transaction;
    private final TelemetryProperties properties;
    private final Clock clock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong inFlightSamples = new AtomicLong();
    /** Samples the writer stored per second of writing, smoothed over its recent transactions (0 before the first). */
    private volatile double drainPerSecond;
    private volatile boolean accepting;
    private volatile boolean running;
    private Thread thread;
    private Thread folder;
    /** Acknowledgements of committed writes, run in commit order off the writer's thread. */
    private final LinkedBlockingQueue<Runnable> acknowledgements = new LinkedBlockingQueue<>();
    private Thread acknowledger;
    private volatile boolean writerEnded;

    IngestPipeline(SampleWriter writer, RollupFold fold, RollupPartitions partitions, PlatformTransactionManager transactions,
                   TelemetryProperties properties, Clock clock) {
        this.writer = writer;
        this.fold = fold;
        this.partitions = partitions;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Queues a batch; null when the queue is full or the server is stopping (answer 503). The
     * future completes after the batch's transaction committed, or exceptionally if it failed.
     */
    public CompletableFuture<Outcome> offer(SampleWriter.DeviceBatch batch) {
        if (!accepting) {
            return null;
        }
        Pending p = new Pending(batch, new CompletableFuture<>());
        if (inFlightSamples.addAndGet(p.weight()) > properties.queueSamples()) {
            inFlightSamples.addAndGet(-p.weight());
            return null;
        }
        queue.add(p);
        return p.done();
    }

    /** Whether {@code samples} more would fit in the queue now (a hint: {@link #offer} decides). */
    public boolean hasRoom(int samples) {
        return accepting && inFlightSamples.get() + samples <= properties.queueSamples();
    }

    /** Seconds an agent that found the queue full is told to wait (see {@link BacklogWait}), at least {@code floor}. */
    public int backlogSeconds(int floor) {
        return BacklogWait.seconds(inFlightSamples.get(), drainPerSecond, floor, java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /** Samples waiting or being written now. */
    public long inFlightSamples() {
        return inFlightSamples.get();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (!running) {
                    continue;
                }
                Thread.currentThread().interrupt();
                break;
            }
            if (first == null) {
                continue;
            }
            List<Pending> group = new ArrayList<>();
            group.add(first);
            int samples = first.weight();
            Pending next;
            while (samples < properties.transactionSamples() && (next = queue.poll()) != null) {
                group.add(next);
                samples += next.weight();
            }
            long started = System.nanoTime();
            try {
                write(group);
            } finally {
                inFlightSamples.addAndGet(-samples);
            }
            double rate = samples / Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            drainPerSecond = drainPerSecond <= 0 ? rate : 0.8 * drainPerSecond + 0.2 * rate;
        }
        writerEnded = true;
    }

    private void write(List<Pending> group) {
        try {
            SampleWriter.Written written = TenantContext.callAsSystem(() ->
                    transaction.execute(status -> writer.write(group.stream().map(Pending::batch).toList())));
            // Committed: the next write may start while another thread acknowledges this one (in commit order).
            acknowledgements.add(() -> acknowledge(group, written));
        } catch (RuntimeException e) {
            if (group.size() > 1) {
                // One bad batch (or its alert evaluation) must not fail the others: each on its own.
                for (Pending p : group) {
                    write(List.of(p));
                }
            } else {
                log.error("Storing metric batch {} of device {} failed", group.get(0).batch().device().seq(),
                        group.get(0).batch().device().deviceId(), e);
                group.get(0).done().completeExceptionally(e);
            }
        }
    }

    /** Into the in-memory fold before the acknowledgement, so that a read after it sees the samples; then the answers. */
    private void acknowledge(List<Pending> group, SampleWriter.Written written) {
        try {
            fold.add(written.stored(), written.throughId());
        } catch (RuntimeException e) {
            // Stored all the same: the rollups miss these samples until the fold is recovered from metric_batch at the next start.
            log.error("Folding {} committed metric batches failed", written.stored().size(), e);
        }
        Set<SampleWriter.MessageKey> stored = written.fresh();
        for (Pending p : group) {
            // A key appears in "stored" for its first occurrence in the group only; a second copy in the same group is a resend.
            boolean now = stored.remove(p.batch().key());
            p.done().complete(now ? Outcome.STORED : Outcome.ALREADY_STORED);
        }
    }

    /** Runs the acknowledgements of committed writes in commit order until the writer has ended and none is left. */
    private void acknowledgeLoop() {
        while (true) {
            Runnable next;
            try {
                next = acknowledgements.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (next != null) {
                next.run();
            } else if (writerEnded) {
                return;
            }
        }
    }

    @Override
    public void start() {
        TenantContext.runAsSystem(partitions::maintain);
        // Before any batch is taken in: what a crash left unfolded is folded again from metric_batch.
        fold.recover();
        running = true;
        accepting = true;
        writerEnded = false;
        thread = Thread.ofPlatform().name("telemetry-writer").daemon(true).start(this::run);
        acknowledger = Thread.ofPlatform().name("telemetry-ack").daemon(true).start(this::acknowledgeLoop);
        folder = Thread.ofPlatform().name("telemetry-fold").daemon(true).start(this::foldLoop);
    }

    private void foldLoop() {
        while (running) {
            try {
                Thread.sleep(properties.foldInterval());
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
            fold.write();
        }
    }

    /** Stops taking batches and writes what is queued, so nothing acknowledged-to-be is lost on a clean stop. */
    @Override
    public void stop() {
        accepting = false;
        running = false;
        if (folder != null) {
            folder.interrupt();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the server is stopping"));
        }
        if (acknowledger != null) {
            try {
                acknowledger.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (folder != null) {
            try {
                folder.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // What the closed minutes and latest values hold goes out now; open minutes are folded again from metric_batch at the next start.
        fold.write();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after the web server (phase DEFAULT_PHASE - 2048), and before the database pool closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
