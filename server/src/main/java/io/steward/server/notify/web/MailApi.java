package io.steward.server.notify.web;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.server.notify.internal.mail.MailLog;
import io.steward.server.notify.internal.mail.MailTemplates;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Outgoing mail over JSON (MSP admins): the texts of each kind of mail, SMTP status, the delivery log and the suppression list. */
@RestController
@Tag(name = "Mail", description = "Outgoing email: texts per kind, delivery log, suppression list")
class MailApi {
    private static final Set<String> STATUSES = Set.of("QUEUED", "SENDING", "SENT", "FAILED", "BOUNCED", "SUPPRESSED");

    private final MailTemplates templates;
    private final MailLog log;

    MailApi(MailTemplates templates, MailLog log) {
        this.templates = templates;
        this.log = log;
    }

    /** A kind's texts as sent: plain text with {{placeholders}}. */
    record TemplateText(@NotBlank @Size(max = 300) String subject, @NotBlank @Size(max = 20_000) String body) {
    }

    @GetMapping("/api/v1/mail-templates")
    @Operation(summary = "Every kind of mail Steward writes, with its current texts, whether the MSP changed them and the placeholders it may use")
    List<MailTemplates.Template> listMailTemplates(Viewer viewer) {
        return templates.list(viewer);
    }

    @GetMapping("/api/v1/mail-templates/{kind}")
    @Operation(summary = "One kind of mail's texts; 404 for an unknown kind")
    MailTemplates.Template getMailTemplate(Viewer viewer, @PathVariable String kind) {
        return templates.get(viewer, kind);
    }

    @PutMapping("/api/v1/mail-templates/{kind}")
    @Operation(summary = "Replace a kind's subject and text; 400 for a placeholder the kind does not know. Placeholders are replaced by "
            + "plain values; nothing else is interpreted")
    MailTemplates.Template putMailTemplate(Viewer viewer, @PathVariable String kind, @Valid @RequestBody TemplateText text) {
        return templates.save(viewer, kind, text.subject(), text.body());
    }

    @DeleteMapping("/api/v1/mail-templates/{kind}")
    @Operation(summary = "Reset a kind to the default texts; answers them")
    MailTemplates.Template resetMailTemplate(Viewer viewer, @PathVariable String kind) {
        return templates.reset(viewer, kind);
    }

    @PostMapping("/api/v1/mail-templates/{kind}/preview")
    @Operation(summary = "The subject, text and HTML these texts make, with sample values (nothing is stored)")
    MailTemplates.Preview previewMailTemplate(Viewer viewer, @PathVariable String kind, @Valid @RequestBody TemplateText text) {
        return templates.preview(viewer, kind, text.subject(), text.body());
    }

    @GetMapping("/api/v1/mail/status")
    @Operation(summary = "Whether SMTP is configured (never its secrets), this node's last attempt, last sent mail and last error, and the outbox by status")
    MailLog.Status mailStatus(Viewer viewer) {
        return log.status(viewer);
    }

    @GetMapping("/api/v1/mail/outbox")
    @Operation(summary = "The outbox, newest first: status, attempts, next attempt and last error of each mail")
    List<MailLog.Entry> mailOutbox(Viewer viewer,
                                   @Parameter(description = "QUEUED, SENDING, SENT, FAILED, BOUNCED or SUPPRESSED; all when absent")
                                   @RequestParam(required = false) String status,
                                   @Parameter(description = "1 to 500") @RequestParam(defaultValue = "100") int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidInputException("status", "One of QUEUED, SENDING, SENT, FAILED, BOUNCED, SUPPRESSED.");
        }
        if (limit < 1 || limit > 500) {
            throw new InvalidInputException("limit", "From 1 to 500.");
        }
        return log.outbox(viewer, status, limit);
    }

    @PostMapping("/api/v1/mail/outbox/{mailId}/retry")
    @Operation(summary = "Send a failed mail again (queued now, attempts counted afresh); 409 unless it failed")
    MailLog.Entry retryMail(Viewer viewer, @PathVariable UUID mailId) {
        return log.retry(viewer, mailId);
    }

    @GetMapping("/api/v1/mail/suppressions")
    @Operation(summary = "Addresses Steward does not send to (permanent refusals and bounces), newest first")
    List<MailLog.Suppressed> mailSuppressions(Viewer viewer) {
        return log.suppressions(viewer);
    }

    @DeleteMapping("/api/v1/mail/suppressions/{address}")
    @Operation(summary = "Take an address off the suppression list; 404 when it is not on it")
    ResponseEntity<Void> clearMailSuppression(Viewer viewer, @PathVariable String address) {
        log.clear(viewer, address);
        return ResponseEntity.noContent().build();
    }
}
