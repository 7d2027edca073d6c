package io.steward.server.shared;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit: callers that write at the same moment share one write (one statement, one commit)
 * instead of each paying for its own round trips and WAL flush.
 *
 * <p>Nothing waits to fill a batch: the first caller of a lane writes its item at once, on its own
 * thread, and whoever arrives while a write is under way goes into the next one (at most
 * {@code maxBatch} items). Items are batched only with others of the same lane key.
 *
 * <p>Invariants: a caller returns only after the write holding its item has returned, with its own
 * item's result or its own item's error: a batch that fails is written again item by item, so one bad
 * item fails nobody else.
 *
 * @param <K> what separates lanes (e.g. the tenant scope the write must run in)
 * @param <I> an item to write
 * @param <R> its result
 */
public final class GroupCommit<K, I, R> {
    private final int maxBatch;
    private final Function<List<I>, List<R>> write;
    private final Map<K, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * @param write writes a batch durably and returns one result per item, in the items' order; it runs on
     *              the thread of the batch's first caller
     */
    public GroupCommit(int maxBatch, Function<List<I>, List<R>> write) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.write = write;
    }

    /** Writes {@code item} in the next batch of lane {@code key} and returns its result (or throws its error). */
    public R submit(K key, I item) {
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
        Waiter me = new Waiter(item);
        List<Waiter> batch = lane.awaitTurn(me);
        if (batch != null) {
            try {
                writeBatch(batch);
            } finally {
                lane.finished(batch);
            }
        }
        if (me.error != null) {
            throw me.error;
        }
        return me.result;
    }

    private void writeBatch(List<Waiter> batch) {
        try {
            List<R> results = write.apply(batch.stream().map(w -> w.item).toList());
            if (results.size() != batch.size()) {
                throw new IllegalStateException("A group write returned " + results.size() + " results for " + batch.size() + " items");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result = results.get(i);
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().error = e;
                return;
            }
            for (Waiter w : batch) {
                try {
                    w.result = write.apply(List.of(w.item)).getFirst();
                } catch (RuntimeException own) {
                    w.error = own;
                }
            }
        }
    }

    private final class Waiter {
        final I item;
        /** Written by the writing thread before {@link Lane#finished} and read after it, under the lane's lock. */
        R result;
        RuntimeException error;
        boolean writes;
        boolean done;

        Waiter(I item) {
            this.item = item;
        }
    }

    /** The queue of one lane: at most one of its callers writes at a time, the others wait for the next batch. */
    private final class Lane {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
        private boolean writing;

        /** Queues {@code w}; returns the batch {@code w} must write (it heads it), or null once another wrote it. */
        List<Waiter> awaitTurn(Waiter w) {
            lock.lock();
            try {
                queue.add(w);
                if (!writing) {
                    writing = true;
                    w.writes = true;
                }
                while (!w.done && !w.writes) {
                    changed.awaitUninterruptibly();
                }
                if (w.done) {
                    return null;
                }
                List<Waiter> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
                while (!queue.isEmpty() && batch.size() < maxBatch) {
                    batch.add(queue.poll());
                }
                return batch;
            } finally {
                lock.unlock();
            }
        }

        /** Marks the batch written and hands the next batch to the oldest caller still waiting. */
        void finished(List<Waiter> batch) {
            lock.lock();
            try {
                for (Waiter w : batch) {
                    w.done = true;
                }
                Waiter next = queue.peek();
                if (next == null) {
                    writing = false;
                } else {
                    next.writes = true;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
