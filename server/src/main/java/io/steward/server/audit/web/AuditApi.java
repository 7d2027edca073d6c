package io.steward.server.audit.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.steward.server.audit.AuditEntry;
import io.steward.server.audit.AuditLog;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Search, export and verify the audit log (MSP admins; enforced by the access rules). */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "The append-only, hash-chained audit log")
class AuditApi {
    static final Map<String, String> SORTABLE = Map.of("seq", "seq", "occurredAt", "occurred_at", "action", "action", "actor", "actor");

    private final AuditLog audit;

    AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Search entries, newest first by default")
    Page<AuditEntry> search(Viewer viewer, @RequestParam(required = false) String q, @RequestParam(required = false) String action,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                            @RequestParam(required = false) String sort) {
        return audit.search(query(q, action, from, to), PageQuery.of(page, size, sort, SORTABLE, "seq,desc"));
    }

    @GetMapping(value = "/export", produces = {"application/x-ndjson", MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "Export matching entries in chain order as JSON lines, with their hashes")
    ResponseEntity<List<AuditEntry>> export(Viewer viewer, @RequestParam(required = false) String q,
                                            @RequestParam(required = false) String action, @RequestParam(required = false) String from,
                                            @RequestParam(required = false) String to) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"steward-audit.json\"")
                .contentType(MediaType.APPLICATION_JSON).body(audit.export(query(q, action, from, to)));
    }

    @GetMapping("/verify")
    @Operation(summary = "Recompute the hash chain and report whether it is intact")
    AuditLog.ChainVerification verify(Viewer viewer) {
        return audit.verify();
    }

    static AuditLog.AuditQuery query(String q, String action, String from, String to) {
        return new AuditLog.AuditQuery(q, action, instant("from", from), instant("to", to));
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidInputException(field, "Use an ISO date (2026-11-23) or instant (2026-11-23T10:00:00Z).");
            }
        }
    }
}
