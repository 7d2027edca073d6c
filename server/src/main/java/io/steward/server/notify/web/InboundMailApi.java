package io.steward.server.notify.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.steward.server.notify.internal.mailin.InboundMail;
import io.steward.server.notify.internal.mailin.InboundMailDesk;
import io.steward.server.notify.internal.mailin.InboundOutcome;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Inbound mail and its triage over JSON (staff): what arrived, why it waits, and opening, adding or discarding it. */
@RestController
@Tag(name = "Inbound mail", description = "Mail fetched from the MSP's mailboxes: triage of unknown or untrusted senders, mail that failed or was too large")
class InboundMailApi {
    private final InboundMailDesk desk;

    InboundMailApi(InboundMailDesk desk) {
        this.desk = desk;
    }

    /** Adds a mail to a ticket by its number. */
    record AttachRequest(@NotNull @Positive Long ticketNumber) {
    }

    @GetMapping("/api/v1/inbound-mail")
    @Operation(summary = "The newest inbound mails in the caller's scope (at most 500), optionally only those with the given outcomes")
    List<InboundMail> listInboundMail(Viewer viewer, @Parameter(description = "comma-separated outcomes such as TRIAGE,FAILED,TOO_LARGE; absent: all")
                                      @RequestParam(required = false) String status) {
        return desk.list(viewer, outcomes(status));
    }

    @GetMapping("/api/v1/inbound-mail/{inboundMailId}")
    @Operation(summary = "One inbound mail: sender, subject, outcome and the reason")
    InboundMail getInboundMail(Viewer viewer, @PathVariable UUID inboundMailId) {
        return desk.get(viewer, inboundMailId);
    }

    @GetMapping("/api/v1/inbound-mail/{inboundMailId}/raw")
    @Operation(summary = "The mail exactly as it arrived (message/rfc822), as a download",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "message/rfc822")))
    ResponseEntity<byte[]> rawInboundMail(Viewer viewer, @PathVariable UUID inboundMailId) {
        return raw(desk.raw(viewer, inboundMailId), inboundMailId);
    }

    @PostMapping("/api/v1/inbound-mail/{inboundMailId}/open-ticket")
    @Operation(summary = "Open a ticket from a mail waiting in triage, for a client, requested by the contact chosen (contactId) or else by the sender "
            + "(its contact already, or added as one with firstName and lastName); 400 with the field at fault; 409 when the mail was handled already")
    InboundMail openTicketFromMail(Viewer viewer, @PathVariable UUID inboundMailId, @RequestBody InboundMailDesk.OpenTicket request) {
        return desk.openTicket(viewer, inboundMailId, request);
    }

    @PostMapping("/api/v1/inbound-mail/{inboundMailId}/attach")
    @Operation(summary = "Add a mail waiting in triage to the ticket T-n: the client's reply when the sender is a contact of its client, "
            + "else an internal note quoting it")
    InboundMail attachMailToTicket(Viewer viewer, @PathVariable UUID inboundMailId, @Valid @RequestBody AttachRequest request) {
        return desk.attach(viewer, inboundMailId, request.ticketNumber());
    }

    @PostMapping("/api/v1/inbound-mail/{inboundMailId}/discard")
    @Operation(summary = "Mark a mail waiting in triage as discarded; it is kept")
    InboundMail discardInboundMail(Viewer viewer, @PathVariable UUID inboundMailId) {
        return desk.discard(viewer, inboundMailId);
    }

    static ResponseEntity<byte[]> raw(byte[] bytes, UUID id) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("message/rfc822")).contentLength(bytes.length)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("mail-" + id + ".eml").build().toString())
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "default-src 'none'; sandbox").body(bytes);
    }

    static List<InboundOutcome> outcomes(String status) {
        List<InboundOutcome> out = new ArrayList<>();
        if (status == null || status.isBlank()) {
            return out;
        }
        for (String s : status.split(",")) {
            try {
                out.add(InboundOutcome.valueOf(s.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", "Unknown outcome " + s.strip() + "; use TRIAGE, FAILED, TOO_LARGE, TICKET_CREATED, ...");
            }
        }
        return out;
    }
}
