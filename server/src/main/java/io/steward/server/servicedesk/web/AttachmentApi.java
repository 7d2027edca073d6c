package io.steward.server.servicedesk.web;

import java.util.UUID;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import io.steward.server.servicedesk.Attachment;
import io.steward.server.servicedesk.AttachmentService;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Ticket attachments over HTTP: upload as multipart, download always as an attachment, never rendered. */
@RestController
@RequestMapping("/api/v1/tickets/{ticketId}/attachments")
@Tag(name = "Tickets")
class AttachmentApi {
    private final AttachmentService attachments;

    AttachmentApi(AttachmentService attachments) {
        this.attachments = attachments;
    }

    @GetMapping
    @Operation(summary = "A ticket's attachments")
    List<Attachment> list(Viewer viewer, @PathVariable TicketId ticketId) {
        return attachments.ofTicket(viewer, ticketId);
    }

    @PostMapping
    @Operation(summary = "Attach a file (multipart field 'file'); at most steward.servicedesk.max-attachment-bytes")
    ResponseEntity<Attachment> upload(Viewer viewer, @PathVariable TicketId ticketId, @RequestParam("file") MultipartFile file) throws IOException {
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + ticketId + "/attachments")).body(store(attachments, viewer, ticketId, file));
    }

    @GetMapping("/{attachmentId}")
    @Operation(summary = "Download an attachment")
    ResponseEntity<InputStreamResource> download(Viewer viewer, @PathVariable TicketId ticketId, @PathVariable UUID attachmentId)
            throws IOException {
        AttachmentService.Download d = attachments.open(viewer, ticketId, attachmentId);
        InputStream in = Files.newInputStream(d.file());
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(d.attachment().sizeBytes())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(d.attachment().fileName(), StandardCharsets.UTF_8)
                        .build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .body(new InputStreamResource(in));
    }

    static Attachment store(AttachmentService attachments, Viewer viewer, TicketId ticketId, MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            throw new InvalidInputException("file", "Choose a file to attach.");
        }
        try (InputStream in = file.getInputStream()) {
            return attachments.attach(viewer, ticketId, file.getOriginalFilename(), in);
        }
    }
}
