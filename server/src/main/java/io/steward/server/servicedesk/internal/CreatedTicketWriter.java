package io.steward.server.servicedesk.internal;

import java.util.Map;
import java.util.UUID;

import io.steward.server.servicedesk.internal.TicketRepository.NewTicket;
import io.steward.server.shared.GroupCommit;
import io.steward.server.shared.TenantScope;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes new tickets by group commit: tickets created at the same moment under the same tenant scope share one insert
 * statement and one commit.
 *
 * <p>Why: at a thousand creates a second, a ticket's own statement and its own commit (a WAL flush) cost PostgreSQL
 * more than writing the row did.
 *
 * <p>Invariants: as {@link GroupCommit}'s. Tickets are batched only with others of the same {@link TenantScope}, and
 * written by a thread in that scope, so row-level security checks every ticket against the scope of the request that
 * created it. A caller already inside a transaction writes its ticket there, so that the ticket commits or rolls back
 * with the rest of that work.
 */
@Component
public class CreatedTicketWriter {
    private static final int MAX_BATCH = 64;

    private final TicketRepository tickets;
    private final GroupCommit<TenantScope, NewTicket, Long> group;

    public CreatedTicketWriter(TicketRepository tickets, TransactionTemplate tx) {
        this.tickets = tickets;
        this.group = new GroupCommit<>(MAX_BATCH, batch -> {
            Map<UUID, Long> numbers = tx.execute(status -> tickets.insertCreated(batch));
            return batch.stream().map(t -> numbers.get(t.ticket().id().value())).toList();
        });
    }

    /**
     * Inserts the ticket and its creation event, durably, and returns its number. {@code scope} must be the scope
     * the calling thread runs in.
     */
    public long write(TenantScope scope, NewTicket ticket) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return tickets.insertCreated(ticket);
        }
        Long number = group.submit(scope, ticket);
        if (number == null) {
            throw new IllegalStateException("The ticket was not written: its batch ended without a number or an error.");
        }
        return number;
    }
}
