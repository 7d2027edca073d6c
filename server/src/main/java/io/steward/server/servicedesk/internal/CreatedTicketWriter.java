package io.steward.server.servicedesk.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.steward.server.servicedesk.internal.TicketRepository.NewTicket;
import io.steward.server.shared.TenantScope;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes new tickets by group commit: tickets created at the same moment under the same tenant scope share one insert
 * statement and one commit.
 *
 * <p>Why: at a thousand creates a second, a ticket's own statement and its own commit (a WAL flush) cost PostgreSQL
 * more than writing the row did. Nothing waits to fill a batch: the first caller writes its ticket at once, and
 * whoever arrives while a write is under way goes into the next one.
 *
 * <p>Invariants: a caller returns only after the transaction holding its ticket has committed, or with its own
 * ticket's error (a batch that fails is written again ticket by ticket, so one bad ticket fails nobody else). Tickets
 * are batched only with others of the same {@link TenantScope}, and written by a thread in that scope, so row-level
 * security checks every ticket against the scope of the request that created it. A caller already inside a
 * transaction writes its ticket there, so that the ticket commits or rolls back with the rest of that work.
 */
@Component
public class CreatedTicketWriter {
    private static final int MAX_BATCH = 64;

    private final TicketRepository tickets;
    private final TransactionTemplate tx;
    /** One lane per scope in use; there are as many as distinct client allow-lists, so they are kept. */
    private final Map<TenantScope, Lane> lanes = new ConcurrentHashMap<>();

    public CreatedTicketWriter(TicketRepository tickets, TransactionTemplate tx) {
        this.tickets = tickets;
        this.tx = tx;
    }

    /**
     * Inserts the ticket and its creation event, durably, and returns its number. {@code scope} must be the scope
     * the calling thread runs in.
     */
    public long write(TenantScope scope, NewTicket ticket) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return tickets.insertCreated(ticket);
        }
        Lane lane = lanes.computeIfAbsent(scope, s -> new Lane());
        Waiter me = new Waiter(ticket);
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
        if (me.number == null) {
            throw new IllegalStateException("The ticket was not written: its batch ended without a number or an error.");
        }
        return me.number;
    }

    private void writeBatch(List<Waiter> batch) {
        try {
            Map<UUID, Long> numbers = tx.execute(status -> tickets.insertCreated(batch.stream().map(w -> w.ticket).toList()));
            for (Waiter w : batch) {
                w.number = numbers.get(w.ticket.ticket().id().value());
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().error = e;
                return;
            }
            for (Waiter w : batch) {
                try {
                    w.number = tx.execute(status -> tickets.insertCreated(w.ticket));
                } catch (RuntimeException own) {
                    w.error = own;
                }
            }
        }
    }

    private static final class Waiter {
        final NewTicket ticket;
        /** Written by the writing thread before {@link Lane#finished} and read after it, under the lane's lock. */
        Long number;
        RuntimeException error;
        boolean writes;
        boolean done;

        Waiter(NewTicket ticket) {
            this.ticket = ticket;
        }
    }

    /** The queue of one scope: at most one of its callers writes at a time, the others wait for the next batch. */
    private static final class Lane {
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
                List<Waiter> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
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
