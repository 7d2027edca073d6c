package io.steward.server.servicedesk.internal;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketSla;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.internal.TicketRepository.NewTicket;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TicketId;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit of new tickets against the real database. A test holds a lock on the ticket table so that the first
 * write waits and every other create queues behind it, which makes the batches certain rather than a matter of timing.
 */
class CreatedTicketWriterTest extends IntegrationTest {
    @Autowired
    CreatedTicketWriter writer;
    @Autowired
    DataSource dataSource;
    @Autowired
    TransactionTemplate transactions;

    private final List<UUID> written = new ArrayList<>();

    private JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    @AfterEach
    void removeTheTicketsWritten() {
        TenantContext.runAsSystem(() -> {
            for (UUID id : written) {
                jdbc().sql("DELETE FROM ticket WHERE id = ?").param(id).update();
            }
        });
    }

    private ClientId alpine() {
        return TenantContext.callAsSystem(() -> new ClientId(jdbc().sql("SELECT id FROM client WHERE name LIKE 'Alpine%'")
                .query(UUID.class).list().getFirst()));
    }

    private NewTicket ticket(ClientId client, String title) {
        Instant now = Instant.now();
        Ticket t = new Ticket(TicketId.random(), 0, client, null, null, TicketType.INCIDENT, title, "", "", Level.LOW, Level.LOW,
                Priority.P4, null, TicketStatus.NEW, 1, null, TicketSource.API, now, null, null, null, TicketSla.NONE, now, 0);
        written.add(t.id().value());
        return new NewTicket(t, now, null, "Group commit test", true, null);
    }

    /** Writes every ticket from its own thread while the ticket table is locked; returns number or error by title. */
    private ConcurrentHashMap<String, Object> writeWhileLocked(List<NewTicket> tickets) throws Exception {
        ConcurrentHashMap<String, Object> outcome = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE ticket IN SHARE MODE");
            for (NewTicket t : tickets) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        outcome.put(t.ticket().title(), TenantContext.callAsSystem(() -> writer.write(TenantScope.all(), t)));
                    } catch (RuntimeException e) {
                        outcome.put(t.ticket().title(), e);
                    }
                }));
            }
            io.steward.server.support.LockWaits.awaitStatementWaiting(dataSource, "WITH created AS (INSERT INTO ticket");
            Thread.sleep(500); // lets the other threads join the queue behind the waiting insert
            assertThat(outcome).as("nothing is written while the table is locked").isEmpty();
            lock.rollback();
        }
        for (Thread t : threads) {
            assertThat(t.join(java.time.Duration.ofSeconds(30))).isTrue();
        }
        return outcome;
    }


    /** A count over the given tickets, read with every client in scope. */
    private long count(String sql, Collection<UUID> ids) {
        return TenantContext.callAsSystem(() -> jdbc().sql(sql).param(ids.toArray(UUID[]::new)).query(Long.class).single());
    }

    @Test
    void ticketsCreatedWhileAWriteIsUnderWayShareTheNextCommitAndEachGetsItsNumberAndHistory() throws Exception {
        ClientId client = alpine();
        List<NewTicket> tickets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tickets.add(ticket(client, "Batched " + i));
        }
        ConcurrentHashMap<String, Object> outcome = writeWhileLocked(tickets);

        assertThat(outcome).hasSize(20);
        assertThat(outcome.values()).allSatisfy(v -> assertThat(v).isInstanceOf(Long.class));
        assertThat(new HashSet<>(outcome.values())).as("every ticket has a number of its own").hasSize(20);
        Set<UUID> ids = new HashSet<>(written);
        // The first insert waited alone; the nineteen that queued behind it went in one statement and one commit.
        assertThat(count("SELECT count(DISTINCT xmin::text) FROM ticket WHERE id = ANY(?)", ids)).isLessThanOrEqualTo(3);
        assertThat(count("""
                SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
                WHERE e.kind = 'CREATED' AND e.ticket_id = ANY(?) AND e.client_id = t.client_id AND e.new_value = 'P4'""", ids))
                .isEqualTo(20);
        for (NewTicket t : tickets) {
            long number = TenantContext.callAsSystem(() -> jdbc().sql("SELECT number FROM ticket WHERE id = ?").param(t.ticket().id().value())
                    .query(Long.class).single());
            assertThat(outcome.get(t.ticket().title())).as("the number returned is the ticket's own").isEqualTo(number);
        }
    }

    @Test
    void aTicketThatCannotBeWrittenFailsAloneAndTheOthersInItsBatchAreWritten() throws Exception {
        ClientId client = alpine();
        List<NewTicket> tickets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tickets.add(ticket(client, "Good " + i));
        }
        tickets.add(4, ticket(new ClientId(UUID.randomUUID()), "Bad: no such client"));
        ConcurrentHashMap<String, Object> outcome = writeWhileLocked(tickets);

        assertThat(outcome.get("Bad: no such client")).isInstanceOf(DataIntegrityViolationException.class);
        for (int i = 0; i < 8; i++) {
            assertThat(outcome.get("Good " + i)).as("Good " + i).isInstanceOf(Long.class);
        }
        assertThat(count("SELECT count(*) FROM ticket WHERE id = ANY(?)", written)).isEqualTo(8);
    }

    @Test
    void insideACallersTransactionTheTicketCommitsOrRollsBackWithIt() {
        ClientId client = alpine();
        NewTicket t = ticket(client, "Rolled back with its caller");
        TenantContext.runAsSystem(() -> transactions.executeWithoutResult(status -> {
            assertThat(writer.write(TenantScope.all(), t)).isPositive();
            status.setRollbackOnly();
        }));
        assertThat(count("SELECT count(*) FROM ticket WHERE id = ANY(?)", List.of(t.ticket().id().value()))).isZero();
    }
}
