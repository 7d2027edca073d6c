package io.steward.server.notify.internal.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.steward.server.audit.AuditLog;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The MSP's texts for the mails Steward writes (MSP admins): list, read, change with a check of the placeholders,
 * preview with sample values, and reset to the default. The texts are plain text with {{placeholders}}; nothing else
 * in them is ever interpreted.
 */
@Service
public class MailTemplates {
    private static final Permission ADMIN = Permission.of(Role.MSP_ADMIN);
    /** Values a preview shows in place of the placeholders. */
    private static final Map<String, String> SAMPLE = Map.ofEntries(Map.entry("ticket.reference", "T-1042"),
            Map.entry("ticket.title", "Printer on the 2nd floor does not print"), Map.entry("requester.name", "Dana Reyes"),
            Map.entry("recipient.name", "Dana Reyes"), Map.entry("client.name", "Northwind Dental"),
            Map.entry("reply.text", "We replaced the toner cartridge; please try again."), Map.entry("technician.name", "Sam Tech"),
            Map.entry("resolution.text", "Toner replaced, test page printed."), Map.entry("link", "https://desk.example/portal/tickets/..."),
            Map.entry("report.month", "2026-11"), Map.entry("notification.kind", "Assigned to you"),
            Map.entry("notification.text", "T-1042 Printer on the 2nd floor does not print: assigned to you by Alex Admin"));

    private final MailTemplateRepository repository;
    private final MailRenderer renderer;
    private final AuditLog audit;
    private final Clock clock;

    MailTemplates(MailTemplateRepository repository, MailRenderer renderer, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.renderer = renderer;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * One kind's texts as they are used now.
     *
     * @param audience       CLIENT (the client's people; never anything internal) or STAFF
     * @param custom         whether the MSP changed them (false: the defaults)
     * @param updatedAt      when the MSP last changed them, or null
     */
    public record Template(String kind, String label, String audience, String subject, String body, boolean custom, List<String> placeholders,
                           String defaultSubject, String defaultBody, Instant updatedAt) {
    }

    /** What a mail with these texts looks like, with sample values. */
    public record Preview(String subject, String text, String html) {
    }

    @Transactional(readOnly = true)
    public List<Template> list(Viewer viewer) {
        ADMIN.require(viewer);
        Map<String, MailTemplateRepository.Stored> stored = repository.all();
        return Arrays.stream(MailKind.values()).map(k -> view(k, stored.get(k.name()))).toList();
    }

    @Transactional(readOnly = true)
    public Template get(Viewer viewer, String kind) {
        ADMIN.require(viewer);
        MailKind k = kind(kind);
        return view(k, repository.find(k.name()).orElse(null));
    }

    /** Replaces the kind's texts; 400 for a missing text or a placeholder the kind does not know. */
    @Transactional
    public Template save(Viewer viewer, String kind, String subject, String body) {
        viewer.requireWriter(Role.MSP_ADMIN);
        MailKind k = kind(kind);
        String s = check(k, subject, body);
        String b = body.replace("\r\n", "\n").strip();
        audit.record("mail.template.changed", "mail_template", k.name(), null, Map.of("subject", s));
        repository.save(k.name(), s, b, clock.instant(), viewer.userId().value());
        return view(k, repository.find(k.name()).orElseThrow());
    }

    /** Back to the default texts; answers them. */
    @Transactional
    public Template reset(Viewer viewer, String kind) {
        viewer.requireWriter(Role.MSP_ADMIN);
        MailKind k = kind(kind);
        audit.record("mail.template.reset", "mail_template", k.name(), null, Map.of());
        repository.delete(k.name());
        return view(k, null);
    }

    /** The mail these texts make, with sample values; the same checks as {@link #save}. */
    @Transactional(readOnly = true)
    public Preview preview(Viewer viewer, String kind, String subject, String body) {
        ADMIN.require(viewer);
        MailKind k = kind(kind);
        check(k, subject, body);
        Map<String, String> values = new HashMap<>(SAMPLE);
        MailRenderer.Rendered r = renderer.render(k, subject, body, values, false);
        return new Preview(r.subject(), r.text(), r.html());
    }

    /** The subject as it will be used; 400 at the first text that is missing, too long or names an unknown placeholder. */
    private static String check(MailKind k, String subject, String body) {
        String s = subject == null ? "" : MailText.oneLine(subject);
        if (s.isEmpty() || s.length() > 300) {
            throw new InvalidInputException("subject", "A subject of 1 to 300 characters.");
        }
        unknown(k, s).ifPresent(m -> {
            throw new InvalidInputException("subject", m);
        });
        if (body == null || body.isBlank() || body.length() > 20_000) {
            throw new InvalidInputException("body", "A text of 1 to 20,000 characters.");
        }
        unknown(k, body).ifPresent(m -> {
            throw new InvalidInputException("body", m);
        });
        return s;
    }

    private static java.util.Optional<String> unknown(MailKind k, String text) {
        Set<String> unknown = MailText.unknown(text, k.placeholders());
        return unknown.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("Not a placeholder of this mail: "
                + String.join(", ", unknown.stream().map(u -> "{{" + u + "}}").toList()) + ". It may use "
                + String.join(", ", k.placeholders().stream().map(p -> "{{" + p + "}}").toList()) + ".");
    }

    private static MailKind kind(String kind) {
        return MailKind.of(kind).orElseThrow(() -> new NotFoundException("No such kind of mail: " + kind));
    }

    private static Template view(MailKind k, MailTemplateRepository.Stored stored) {
        return new Template(k.name(), k.label(), k.toClient() ? "CLIENT" : "STAFF", stored == null ? k.defaultSubject() : stored.subject(),
                stored == null ? k.defaultBody() : stored.body(), stored != null, k.placeholders(), k.defaultSubject(), k.defaultBody(),
                stored == null ? null : stored.updatedAt());
    }
}
