package io.steward.server.notify.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.notify.internal.mailbox.ConnectionProbe;
import io.steward.server.notify.internal.mailbox.MailboxInput;
import io.steward.server.notify.internal.mailbox.MailboxView;
import io.steward.server.notify.internal.mailbox.Mailboxes;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The MSP's inbound mailboxes over JSON (MSP admins). Secrets are write-only: no answer ever carries one. */
@RestController
@RequestMapping("/api/v1/mailboxes")
@Tag(name = "Mailboxes", description = "IMAP mailboxes Steward fetches mail from, with their health")
class MailboxApi {
    private final Mailboxes mailboxes;

    MailboxApi(Mailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    /** Whether a mailbox is watched, as a request body. */
    record EnabledChange(boolean enabled) {
    }

    @GetMapping
    @Operation(summary = "List mailboxes with their health")
    List<MailboxView> list(Viewer viewer) {
        return mailboxes.list(viewer);
    }

    @PostMapping
    @Operation(summary = "Add a mailbox; it is watched as soon as it is stored (when enabled)")
    ResponseEntity<MailboxView> create(Viewer viewer, @Valid @RequestBody MailboxInput input) {
        MailboxView m = mailboxes.create(viewer, input);
        return IfMatch.created("/api/v1/mailboxes/" + m.id(), m, m.version());
    }

    @GetMapping("/{mailboxId}")
    @Operation(summary = "Get a mailbox; the ETag is its version")
    ResponseEntity<MailboxView> get(Viewer viewer, @PathVariable("mailboxId") UUID id) {
        MailboxView m = mailboxes.get(viewer, id);
        return IfMatch.ok(m, m.version());
    }

    @PutMapping("/{mailboxId}")
    @Operation(summary = "Change a mailbox (If-Match: its version); blank secrets keep the stored ones")
    ResponseEntity<MailboxView> update(Viewer viewer, @PathVariable("mailboxId") UUID id, ExpectedVersion ifMatch,
                                       @Valid @RequestBody MailboxInput input) {
        MailboxView m = mailboxes.update(viewer, id, input, ifMatch.value());
        return IfMatch.ok(m, m.version());
    }

    @PutMapping("/{mailboxId}/enabled")
    @Operation(summary = "Enable or disable a mailbox (a disabled one is not watched and sends no self-test)")
    ResponseEntity<MailboxView> setEnabled(Viewer viewer, @PathVariable("mailboxId") UUID id, @RequestBody EnabledChange change) {
        MailboxView m = mailboxes.setEnabled(viewer, id, change.enabled());
        return IfMatch.ok(m, m.version());
    }

    @DeleteMapping("/{mailboxId}")
    @Operation(summary = "Delete a mailbox; mail already handed on stays")
    ResponseEntity<Void> delete(Viewer viewer, @PathVariable("mailboxId") UUID id) {
        mailboxes.delete(viewer, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{mailboxId}/status")
    @Operation(summary = "A mailbox's health: connected, last error and when, last mail, self-test, OAuth expiry")
    MailboxView.Health status(Viewer viewer, @PathVariable("mailboxId") UUID id) {
        return mailboxes.get(viewer, id).health();
    }

    @PostMapping("/{mailboxId}/test")
    @Operation(summary = "Connect now with the stored settings and answer what the attempt found (the watcher is not disturbed)")
    ConnectionProbe test(Viewer viewer, @PathVariable("mailboxId") UUID id) {
        return mailboxes.test(viewer, id);
    }
}
