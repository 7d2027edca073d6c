package io.steward.server.notify.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.notify.NotificationKind;
import io.steward.server.servicedesk.ChangeSubmitted;
import io.steward.server.servicedesk.TicketAssigned;
import io.steward.server.servicedesk.TicketEscalated;
import io.steward.server.servicedesk.TicketOpened;
import io.steward.server.servicedesk.TicketRef;
import io.steward.server.servicedesk.TicketReplied;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells staff what the service desk needs them for: a ticket assigned to them, a ticket waiting in their tier's queue,
 * an escalation to their tier, a new P1/P2, a client's reply, a mention in an internal note and a change awaiting
 * their approval. Synchronous listeners: they run in the transaction that made the change.
 */
@Component
class TicketNotifier {
    private final Notifier notifier;
    private final Audience audience;

    TicketNotifier(Notifier notifier, Audience audience) {
        this.notifier = notifier;
        this.audience = audience;
    }

    /** A P1/P2 goes to service managers and the tier's technicians; the tier's technicians not told so hear it is in their queue. */
    @EventListener
    void on(TicketOpened e) {
        TicketRef t = e.ticket();
        List<UUID> tier = audience.technicians(t.clientId(), e.tier());
        Set<UUID> told = new LinkedHashSet<>();
        if (e.priority() == Priority.P1 || e.priority() == Priority.P2) {
            Set<UUID> urgent = new LinkedHashSet<>(audience.managers(t.clientId()));
            urgent.addAll(tier);
            told.addAll(tell(NotificationKind.URGENT_TICKET, t, urgent, "new " + e.priority() + " " + type(e) + " for " + client(t)));
        }
        List<UUID> queue = new ArrayList<>(tier);
        queue.removeAll(told);
        tell(NotificationKind.QUEUED, t, queue, "new in the tier " + e.tier() + " queue, for " + client(t));
    }

    @EventListener
    void on(TicketAssigned e) {
        TicketRef t = e.ticket();
        if (e.assignee() != null) {
            tell(NotificationKind.ASSIGNED, t, List.of(e.assignee().value()), "assigned to you by " + t.actorName());
        } else {
            tell(NotificationKind.QUEUED, t, audience.technicians(t.clientId(), e.tier()), "back in the tier " + e.tier() + " queue, unassigned, by "
                    + t.actorName());
        }
    }

    @EventListener
    void on(TicketEscalated e) {
        TicketRef t = e.ticket();
        tell(NotificationKind.ESCALATED, t, audience.technicians(t.clientId(), e.tier()), "escalated to tier " + e.tier() + " by " + t.actorName()
                + (e.reason() == null || e.reason().isBlank() ? "" : ": " + abbreviate(e.reason())));
    }

    @EventListener
    void on(TicketReplied e) {
        TicketRef t = e.ticket();
        if (!e.byStaff() && !e.internal()) {
            Set<UUID> people = new LinkedHashSet<>();
            if (e.assignee() != null) {
                people.add(e.assignee().value());
            }
            people.addAll(audience.watchers(t.id().value()));
            tell(NotificationKind.CLIENT_REPLY, t, people, t.actorName() + " replied: " + abbreviate(e.text()));
        } else if (e.internal()) {
            Set<UUID> mentioned = Mentions.in(e.text(), audience.staff(t.clientId()));
            tell(NotificationKind.MENTION, t, mentioned, t.actorName() + " mentioned you: " + abbreviate(e.text()));
        }
    }

    /** The staff approvers serving the client, except whoever requested the change (who may not approve it). */
    @EventListener
    void on(ChangeSubmitted e) {
        TicketRef t = e.ticket();
        List<UUID> approvers = new ArrayList<>(audience.approvers(t.clientId()));
        approvers.remove(e.requestedBy());
        tell(NotificationKind.CHANGE_APPROVAL, t, approvers, "change for " + client(t) + " awaits your approval (" + e.approvalsRequired()
                + " needed), submitted by " + t.actorName());
    }

    private List<UUID> tell(NotificationKind kind, TicketRef t, java.util.Collection<UUID> people, String what) {
        return notifier.tell(kind, t.clientId(), people, t.actor(), t.reference() + " " + t.title() + ": " + what, t.id().value(),
                "/tickets/" + t.id().value());
    }

    private String client(TicketRef t) {
        return audience.clientName(t.clientId());
    }

    private static String type(TicketOpened e) {
        return e.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    static String abbreviate(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() > 140 ? line.substring(0, 139) + "…" : line;
    }
}
