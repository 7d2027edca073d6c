package io.steward.server.notify.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import io.steward.server.notify.NotificationKind;
import io.steward.server.servicedesk.SlaBreached;
import io.steward.server.servicedesk.SlaWarning;
import io.steward.server.shared.ClientId;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells people when an SLA is at risk or breached: a warning to the assignee, or to the technicians of the ticket's
 * tier while it is unassigned; a breach to the assignee, the tier's technicians, the service managers who serve the
 * client and the ticket's watchers. Runs in the announcing transaction, so an announcement and its notifications
 * commit together.
 */
@Component
class SlaNotifier {
    private final Notifier notifier;
    private final Audience audience;

    SlaNotifier(Notifier notifier, Audience audience) {
        this.notifier = notifier;
        this.audience = audience;
    }

    @EventListener
    void on(SlaWarning w) {
        Set<UUID> people = new LinkedHashSet<>();
        if (w.assigneeId() != null) {
            people.add(w.assigneeId());
        } else {
            people.addAll(audience.technicians(w.clientId(), w.tier()));
        }
        tell(NotificationKind.SLA_WARNING, w.clientId(), w.ticketId().value(), people,
                "T-" + w.number() + " " + w.title() + ": 75 % of the " + w.clock().word() + " target used, " + w.clock().word() + " due "
                        + at(w.dueAt(), w.zone()));
    }

    @EventListener
    void on(SlaBreached b) {
        Set<UUID> people = new LinkedHashSet<>();
        if (b.assigneeId() != null) {
            people.add(b.assigneeId());
        }
        people.addAll(audience.technicians(b.clientId(), b.tier()));
        people.addAll(audience.managers(b.clientId()));
        people.addAll(audience.watchers(b.ticketId().value()));
        tell(NotificationKind.SLA_BREACHED, b.clientId(), b.ticketId().value(), people,
                "T-" + b.number() + " " + b.title() + ": " + b.clock().word() + " SLA breached at " + at(b.dueAt(), b.zone()));
    }

    /** The instant in the client's zone, named, since recipients read it against their own day. */
    private static String at(Instant instant, ZoneId zone) {
        ZoneId z = zone == null ? ZoneOffset.UTC : zone;
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(z).format(instant) + " (" + z.getId() + ")";
    }

    private void tell(NotificationKind kind, ClientId client, UUID ticket, Set<UUID> people, String message) {
        notifier.tell(kind, client, people, null, message, ticket, "/tickets/" + ticket);
    }
}
