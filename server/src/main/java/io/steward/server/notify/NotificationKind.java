package io.steward.server.notify;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a notification is about, with the words people read and each kind's defaults: every kind shows in the app
 * unless its user turns it off; email (delivered once the email channel exists) is on by default for what asks a
 * person to act on something of theirs.
 */
public enum NotificationKind {
    ASSIGNED("Assigned to you", "A ticket was assigned to you by someone else.", true),
    QUEUED("New in your queue", "A ticket waits unassigned in your tier's queue: new, or put back unassigned.", false),
    CLIENT_REPLY("Client replied", "The client replied on a ticket assigned to you or that you watch.", true),
    ESCALATED("Escalated to your tier", "A ticket was escalated to your tier's queue.", false),
    URGENT_TICKET("New P1/P2 ticket", "A new P1 or P2 ticket for a client you serve (service managers, and the technicians of its tier).", false),
    MENTION("Mentioned in a note", "Someone mentioned you in an internal note.", false),
    CHANGE_APPROVAL("Change awaits approval", "A submitted change needs your approval (service managers and MSP admins).", true),
    DEVICE_APPROVAL("Device awaits approval", "A device enrolled and waits for approval (service managers and MSP admins).", true),
    SLA_WARNING("SLA at risk", "75 % of an SLA target is used: to the assignee, or to the tier when unassigned.", false),
    SLA_BREACHED("SLA breached", "An SLA target was missed: to the assignee, the tier, service managers and watchers.", true),
    MONTHLY_REPORT("Monthly report ready", "A client's monthly service report was stored.", false),
    MAILBOX_FAILING("Mailbox failing", "A mailbox's self-test did not come back, or its OAuth token expires soon (MSP admins).", true);

    private final String label;
    private final String description;
    private final boolean emailByDefault;

    NotificationKind(String label, String description, boolean emailByDefault) {
        this.label = label;
        this.description = description;
        this.emailByDefault = emailByDefault;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public boolean emailByDefault() {
        return emailByDefault;
    }

    /** The kind of this code, if it is one. */
    public static Optional<NotificationKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.name().equals(code)).findFirst();
    }

    /** The words for a stored kind code; a code no longer known shows as it is. */
    public static String labelOf(String code) {
        return of(code).map(NotificationKind::label).orElse(code);
    }
}
