package io.steward.server.notify.internal.mail;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The mails Steward writes on its own, each with the words the MSP may change ({@code mail_template}) and the defaults
 * used until it does. Texts are plain text with placeholders from {@link #placeholders()}; nothing else in them is
 * interpreted.
 */
public enum MailKind {
    TICKET_CREATED("Ticket received", true,
            "We received your request: {{ticket.title}}",
            """
            Hello {{requester.name}},

            we received your request {{ticket.reference}} "{{ticket.title}}" and will get back to you.
            Reply to this mail to add anything; keep the [{{ticket.reference}}] in the subject.

            Follow it here: {{link}}

            {{msp.name}}""",
            "ticket.reference", "ticket.title", "requester.name", "client.name", "link", "msp.name"),
    PUBLIC_REPLY("Reply from the service desk", true,
            "Re: {{ticket.title}}",
            """
            Hello {{requester.name}},

            {{reply.text}}

            {{technician.name}}, {{msp.name}}

            Reply to this mail to answer. The ticket: {{link}}""",
            "ticket.reference", "ticket.title", "requester.name", "client.name", "reply.text", "technician.name", "link", "msp.name"),
    WAITING_ON_CLIENT("Waiting for the client's answer", true,
            "We need your answer: {{ticket.title}}",
            """
            Hello {{requester.name}},

            we are waiting for your answer on {{ticket.reference}} "{{ticket.title}}" before we can go on.
            Reply to this mail, or answer here: {{link}}

            {{msp.name}}""",
            "ticket.reference", "ticket.title", "requester.name", "client.name", "link", "msp.name"),
    RESOLVED("Ticket resolved", true,
            "Resolved: {{ticket.title}}",
            """
            Hello {{requester.name}},

            we resolved {{ticket.reference}} "{{ticket.title}}":

            {{resolution.text}}

            If it is not solved for you, reopen it here: {{link}}

            {{msp.name}}""",
            "ticket.reference", "ticket.title", "requester.name", "client.name", "resolution.text", "link", "msp.name"),
    CHANGE_APPROVAL("Change awaits the client's approval", true,
            "Change awaiting your approval: {{ticket.title}}",
            """
            Hello {{recipient.name}},

            the change {{ticket.reference}} "{{ticket.title}}" for {{client.name}} awaits your approval.
            Review it and decide here: {{link}}

            {{msp.name}}""",
            "ticket.reference", "ticket.title", "recipient.name", "client.name", "link", "msp.name"),
    REPORT_READY("Monthly report ready", true,
            "Your service report for {{report.month}} is ready",
            """
            Hello {{recipient.name}},

            the service report of {{client.name}} for {{report.month}} is ready: {{link}}

            {{msp.name}}""",
            "report.month", "recipient.name", "client.name", "link", "msp.name"),
    SLA_WARNING("SLA at risk (staff)", false,
            "SLA at risk: {{ticket.title}}",
            """
            {{notification.text}}

            {{link}}""",
            "ticket.reference", "ticket.title", "recipient.name", "client.name", "notification.text", "link", "msp.name"),
    SLA_BREACHED("SLA breached (staff)", false,
            "SLA breached: {{ticket.title}}",
            """
            {{notification.text}}

            {{link}}""",
            "ticket.reference", "ticket.title", "recipient.name", "client.name", "notification.text", "link", "msp.name"),
    STAFF_NOTIFICATION("Other staff notifications", false,
            "{{notification.kind}}: {{notification.text}}",
            """
            {{notification.text}}

            {{link}}

            You get this mail because "{{notification.kind}}" is on by email in your notification settings.""",
            "ticket.reference", "ticket.title", "recipient.name", "client.name", "notification.kind", "notification.text", "link", "msp.name");

    private final String label;
    private final boolean toClient;
    private final String subject;
    private final String body;
    private final List<String> placeholders;

    MailKind(String label, boolean toClient, String subject, String body, String... placeholders) {
        this.label = label;
        this.toClient = toClient;
        this.subject = subject;
        this.body = body;
        this.placeholders = List.of(placeholders);
    }

    public String label() {
        return label;
    }

    /** Whether the mail goes to the client's people (never with anything internal), else to staff. */
    public boolean toClient() {
        return toClient;
    }

    public String defaultSubject() {
        return subject;
    }

    public String defaultBody() {
        return body;
    }

    /** The placeholders this kind's texts may use. */
    public List<String> placeholders() {
        return placeholders;
    }

    public static Optional<MailKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.name().equals(code)).findFirst();
    }
}
