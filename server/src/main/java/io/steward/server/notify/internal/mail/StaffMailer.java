package io.steward.server.notify.internal.mail;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.server.notify.NotificationKind;
import io.steward.server.shared.ClientId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mail to staff: every staff notification also goes out by email to those who keep its kind on by email (their
 * choice per kind, else the kind's default), written where the in-app notification is written and in the same
 * transaction; and the monthly report's recipients hear that it is ready (see {@link #toUser}).
 */
@Component
public class StaffMailer {
    /** Staff mail is logged as STAFF_ and the notification kind, apart from the client's mail of the same event. */
    static final String STAFF = "STAFF_";
    private static final Pattern REPORT_LINK = Pattern.compile("(/(?:portal|clients/[0-9a-f-]{36})/reports/(\\d{4}-\\d{2}))$");

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
     * Mails a notification to one user that is about no ticket: for now the stored monthly report
     * ({@code MONTHLY_REPORT}, whose message ends with the report's path), to staff who want it by email and to the
     * client's portal users the report settings name. (The reporting module tells its recipients through
     * {@code NotificationService.send}; listening to its {@code MonthlyReportStored} here would make the two modules
     * depend on each other.)
     */
    @Transactional
    public void toUser(UUID user, ClientId client, String kind, String message) {
        Matcher report = REPORT_LINK.matcher(message);
        if (!NotificationKind.MONTHLY_REPORT.name().equals(kind) || client == null || !report.find()) {
            return;
        }
        Map<String, String> values = new HashMap<>();
        values.put("report.month", report.group(2));
        values.put("notification.text", message);
        var people = new java.util.ArrayList<>(audience.staffWantingEmail(List.of(user), null, client, NotificationKind.MONTHLY_REPORT));
        people.addAll(audience.portalUsers(List.of(user), client));
        for (MailAudience.Person person : people) {
            mailer.send(MailKind.REPORT_READY, client, null, person, values, report.group(1), true, MailKind.REPORT_READY.name());
        }
    }
}
