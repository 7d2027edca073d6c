package io.steward.server.contracts.web;

import java.util.List;

import io.steward.server.contracts.CalendarDefinition;
import io.steward.server.contracts.CalendarDraft;
import io.steward.server.contracts.Contract;
import io.steward.server.contracts.ContractDraft;
import io.steward.server.contracts.ContractService;
import io.steward.server.contracts.ServiceTier;
import io.steward.server.contracts.TierDraft;
import io.steward.server.shared.CalendarId;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContractId;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.TierId;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Coverage calendars, service tiers and client contracts over JSON (MSP staff). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Contracts", description = "Coverage calendars, service tiers with SLA targets, client contracts")
class ContractApi {
    private final ContractService contracts;

    ContractApi(ContractService contracts) {
        this.contracts = contracts;
    }

    @GetMapping("/calendars")
    @Operation(summary = "List coverage calendars")
    List<CalendarDefinition> calendars(Viewer viewer) {
        return contracts.calendars(viewer);
    }

    @PostMapping("/calendars")
    @Operation(summary = "Create a coverage calendar (MSP admin)")
    ResponseEntity<CalendarDefinition> createCalendar(Viewer viewer, @Valid @RequestBody CalendarDraft draft) {
        CalendarDefinition c = contracts.createCalendar(viewer, draft);
        return IfMatch.created("/api/v1/calendars/" + c.id(), c, c.version());
    }

    @GetMapping("/calendars/{calendarId}")
    @Operation(summary = "Get a coverage calendar")
    ResponseEntity<CalendarDefinition> calendar(Viewer viewer, @PathVariable CalendarId calendarId) {
        CalendarDefinition c = contracts.calendar(viewer, calendarId);
        return IfMatch.ok(c, c.version());
    }

    @PutMapping("/calendars/{calendarId}")
    @Operation(summary = "Change a coverage calendar; send If-Match")
    ResponseEntity<CalendarDefinition> updateCalendar(Viewer viewer, @PathVariable CalendarId calendarId,
                                                      ExpectedVersion ifMatch,
                                                      @Valid @RequestBody CalendarDraft draft) {
        CalendarDefinition c = contracts.updateCalendar(viewer, calendarId, draft, ifMatch.value());
        return IfMatch.ok(c, c.version());
    }

    @GetMapping("/tiers")
    @Operation(summary = "List service tiers with their SLA targets")
    List<ServiceTier> tiers(Viewer viewer) {
        return contracts.tiers(viewer);
    }

    @PostMapping("/tiers")
    @Operation(summary = "Create a service tier (MSP admin)")
    ResponseEntity<ServiceTier> createTier(Viewer viewer, @Valid @RequestBody TierDraft draft) {
        ServiceTier t = contracts.createTier(viewer, draft);
        return IfMatch.created("/api/v1/tiers/" + t.id(), t, t.version());
    }

    @GetMapping("/tiers/{tierId}")
    @Operation(summary = "Get a service tier")
    ResponseEntity<ServiceTier> tier(Viewer viewer, @PathVariable TierId tierId) {
        ServiceTier t = contracts.tier(viewer, tierId);
        return IfMatch.ok(t, t.version());
    }

    @PutMapping("/tiers/{tierId}")
    @Operation(summary = "Change a service tier and its targets; send If-Match")
    ResponseEntity<ServiceTier> updateTier(Viewer viewer, @PathVariable TierId tierId,
                                           ExpectedVersion ifMatch,
                                           @Valid @RequestBody TierDraft draft) {
        ServiceTier t = contracts.updateTier(viewer, tierId, draft, ifMatch.value());
        return IfMatch.ok(t, t.version());
    }

    @GetMapping("/clients/{clientId}/contracts")
    @Operation(summary = "List a client's contracts")
    List<Contract> contractsOf(Viewer viewer, @PathVariable ClientId clientId) {
        return contracts.contractsOf(viewer, clientId);
    }

    @PostMapping("/clients/{clientId}/contracts")
    @Operation(summary = "Add a contract to a client (MSP admin, service manager)")
    ResponseEntity<Contract> createContract(Viewer viewer, @PathVariable ClientId clientId, @Valid @RequestBody ContractDraft draft) {
        Contract c = contracts.createContract(viewer, clientId, draft);
        return IfMatch.created("/api/v1/contracts/" + c.id(), c, c.version());
    }

    @GetMapping("/contracts/{contractId}")
    @Operation(summary = "Get a contract")
    ResponseEntity<Contract> contract(Viewer viewer, @PathVariable ContractId contractId) {
        Contract c = contracts.contract(viewer, contractId);
        return IfMatch.ok(c, c.version());
    }

    @PutMapping("/contracts/{contractId}")
    @Operation(summary = "Change a contract; send If-Match")
    ResponseEntity<Contract> updateContract(Viewer viewer, @PathVariable ContractId contractId,
                                            ExpectedVersion ifMatch,
                                            @Valid @RequestBody ContractDraft draft) {
        Contract c = contracts.updateContract(viewer, contractId, draft, ifMatch.value());
        return IfMatch.ok(c, c.version());
    }

    @DeleteMapping("/contracts/{contractId}")
    @Operation(summary = "Delete a contract (MSP admin)")
    ResponseEntity<Void> deleteContract(Viewer viewer, @PathVariable ContractId contractId) {
        contracts.deleteContract(viewer, contractId);
        return ResponseEntity.noContent().build();
    }
}
