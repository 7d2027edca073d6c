package io.steward.server.notify.internal.mail;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.NotificationKind;
import io.steward.server.shared.ClientId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mail to staff: every staff notification also goes out by email to those who keep its kind on by email (their
 * choice per kind, else the kind's default), written where the in-app notification is written and in the same
 * transaction; and the monthly report's recipients hear that it is ready (see {@link #reportReady}).
 */
@Component
public class StaffMailer {
    /** Staff mail is logged as STAFF_ and the notification kind, apart from the client's mail of the same event. */
    static final String STAFF = "STAFF_";

    private final Mailer mailer;
    private final MailAudience audience;

    StaffMailer(Mailer mailer, MailAudience audience) {
        this.mailer = mailer;
        this.audience = audience;
    }

    /**
     * Mails a notification of {@code kind} to those of {@code users} who serve {@code client}, are not {@code actor} and
     * want the kind by email; {@code link} is the server path the notification opens.
     */
    @Transactional
    public void tell(NotificationKind kind, ClientId client, Collection<UUID> users, UUID actor, String message, UUID ticket, String link) {
        var people = audience.staffWantingEmail(users, actor, client, kind);
        if (people.isEmpty()) {
            return;
        }
        MailAudience.Ticket t = ticket == null ? null : audience.ticket(ticket).orElse(null);
        MailKind mailKind = switch (kind) {
            case SLA_WARNING -> MailKind.SLA_WARNING;
            case SLA_BREACHED -> MailKind.SLA_BREACHED;
            default -> MailKind.STAFF_NOTIFICATION;
        };
        Map<String, String> values = Map.of("notification.kind", kind.label(), "notification.text", message);
        for (MailAudience.Person person : people) {
            mailer.send(mailKind, client, t, person, values, link == null ? "/notifications" : link, true, STAFF + kind.name());
        }
    }

    /**
     * Mails that a client's monthly report ({@code month}, {@code yyyy-MM}) is ready to those of {@code users} who are
     * the client's portal users, or staff who keep {@code MONTHLY_REPORT} on by email; {@code staffLink} and
     * {@code portalLink} are the report's pages for each.
     */
    @Transactional
    public void reportReady(Collection<UUID> users, ClientId client, String month, String message, String staffLink, String portalLink) {
        Map<String, String> values = Map.of("report.month", month, "notification.text", message);
        for (MailAudience.Person person : audience.staffWantingEmail(users, null, client, NotificationKind.MONTHLY_REPORT)) {
            mailer.send(MailKind.REPORT_READY, client, null, person, values, staffLink, true, MailKind.REPORT_READY.name());
        }
        for (MailAudience.Person person : audience.portalUsers(users, client)) {
            mailer.send(MailKind.REPORT_READY, client, null, person, values, portalLink, true, MailKind.REPORT_READY.name());
        }
    }
}
