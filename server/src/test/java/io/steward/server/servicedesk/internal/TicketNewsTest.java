package io.steward.server.servicedesk.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.Ticket;
import io.steward.server.servicedesk.TicketAssigned;
import io.steward.server.servicedesk.TicketEscalated;
import io.steward.server.servicedesk.TicketOpened;
import io.steward.server.servicedesk.TicketReplied;
import io.steward.server.servicedesk.TicketSla;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.servicedesk.internal.TicketJournal.Actor;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.UserId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a move announces is read from the history entries it writes; no Spring, no database. */
class TicketNewsTest {
    private static final Instant AT = Instant.parse("2026-02-28T23:59:59Z");
    private final List<Object> published = new ArrayList<>();
    private final TicketNews news = new TicketNews(published::add);
    private final Actor alice = new Actor(UserId.random(), "Alice", true);

    private static Ticket ticket(TicketType type) {
        return new Ticket(TicketId.random(), 7, ClientId.random(), null, null, type, "Printer on fire", "", "", Level.HIGH, Level.HIGH, Priority.P1,
                null, TicketStatus.NEW, 1, null, TicketSource.WEB, AT, null, null, null, TicketSla.NONE, AT, 0);
    }

    @Test
    void eachMoveIsAnnouncedAsWhatItDid() {
        UserId bob = UserId.random();
        Ticket t = ticket(TicketType.INCIDENT);
        news.opened(t, alice);
        Ticket.Transition assigned = t.assign(bob, null, "Bob", AT);
        news.moved(assigned, alice);
        news.moved(assigned.after().escalate("needs tier 2", AT), alice);
        news.moved(t.reply("Still broken", false, false, AT), new Actor(UserId.random(), "Dana", false));
        news.moved(t.reply("@bob look", true, true, AT), alice);
        news.moved(t.moveTo(TicketStatus.RESOLVED, new io.steward.server.servicedesk.TicketLifecycle(java.time.Duration.ofDays(7)), AT), alice);

        List<io.steward.server.servicedesk.TicketStatusChanged> statusMoves = published.stream()
                .filter(io.steward.server.servicedesk.TicketStatusChanged.class::isInstance).map(io.steward.server.servicedesk.TicketStatusChanged.class::cast)
                .toList();
        assertThat(statusMoves).as("every status move is announced too, with where it came from").isNotEmpty()
                .allSatisfy(m -> assertThat(m.from()).isNotEqualTo(m.to()));
        assertThat(statusMoves.getFirst().to()).isEqualTo(TicketStatus.ASSIGNED);
        io.steward.server.servicedesk.TicketStatusChanged resolved = statusMoves.getLast();
        assertThat(resolved.from()).isEqualTo(TicketStatus.NEW);
        assertThat(resolved.to()).isEqualTo(TicketStatus.RESOLVED);
        assertThat(resolved.type()).isEqualTo(TicketType.INCIDENT);
        published.removeAll(statusMoves);
        assertThat(published).hasSize(5);
        TicketOpened opened = (TicketOpened) published.get(0);
        assertThat(opened.priority()).isEqualTo(Priority.P1);
        assertThat(opened.tier()).isEqualTo(1);
        assertThat(opened.ticket().reference()).isEqualTo("T-7");
        assertThat(opened.ticket().actor()).isEqualTo(alice.id());
        assertThat(((TicketAssigned) published.get(1)).assignee()).isEqualTo(bob);
        TicketEscalated escalated = (TicketEscalated) published.get(2);
        assertThat(escalated.tier()).isEqualTo(2);
        assertThat(escalated.reason()).isEqualTo("needs tier 2");
        TicketReplied client = (TicketReplied) published.get(3);
        assertThat(client.byStaff()).isFalse();
        assertThat(client.internal()).isFalse();
        assertThat(client.ticket().actorName()).isEqualTo("Dana");
        TicketReplied note = (TicketReplied) published.get(4);
        assertThat(note.internal()).isTrue();
        assertThat(note.text()).isEqualTo("@bob look");
    }

    @Test
    void aChangeIsNotAnnouncedAsOpened() {
        news.opened(ticket(TicketType.CHANGE), alice);
        assertThat(published).isEmpty();
    }

    @Test
    void aGroupCommittedTicketStaysCreatedWhenItsAnnouncementFails() {
        List<Object> tried = new ArrayList<>();
        TicketNews failing = new TicketNews(event -> {
            tried.add(event);
            throw new IllegalStateException("the notification could not be written");
        });
        // No transaction is active here, as after a group commit: the failure is logged, not thrown.
        assertThatCode(() -> failing.opened(ticket(TicketType.INCIDENT), alice)).doesNotThrowAnyException();
        assertThat(tried).singleElement().isInstanceOf(TicketOpened.class);
        // A move is announced inside its transaction, where a failure must roll the move back.
        assertThatThrownBy(() -> failing.moved(ticket(TicketType.INCIDENT).assign(UserId.random(), null, "Bob", AT), alice))
                .isInstanceOf(IllegalStateException.class);
    }
}
