package io.steward.server.contracts.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.contracts.CalendarDefinition;
import io.steward.server.contracts.CalendarDraft;
import io.steward.server.contracts.Contract;
import io.steward.server.contracts.ContractDraft;
import io.steward.server.contracts.ContractService;
import io.steward.server.contracts.DeliveryModel;
import io.steward.server.contracts.PricingModel;
import io.steward.server.contracts.Priority;
import io.steward.server.contracts.PriorityTarget;
import io.steward.server.contracts.ServiceTier;
import io.steward.server.contracts.TierDraft;
import io.steward.server.shared.CalendarId;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContractId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TierId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages for service tiers, coverage calendars and client contracts. */
@Controller
class ContractPages {
    private final ContractService contracts;
    private final ClientService clients;
    private final java.time.Clock clock;

    ContractPages(ContractService contracts, ClientService clients, java.time.Clock clock) {
        this.contracts = contracts;
        this.clients = clients;
        this.clock = clock;
    }

    @GetMapping("/tiers")
    String tiers(Viewer viewer, Model model) {
        model.addAttribute("tiers", contracts.tiers(viewer));
        model.addAttribute("calendars", contracts.calendars(viewer));
        model.addAttribute("calendarNames", calendarNames(viewer));
        model.addAttribute("canManageTiers", io.steward.server.contracts.ContractPermissions.MANAGE_TIERS.allows(viewer));
        return "contracts/tiers";
    }

    // ---- tiers

    @GetMapping("/tiers/{tierId}/edit")
    String editTier(Viewer viewer, @PathVariable TierId tierId, Model model) {
        ServiceTier t = contracts.tier(viewer, tierId);
        return tierForm(viewer, model, t, fieldsOf(t), new HashMap<>());
    }

    @PostMapping("/tiers/{tierId}/edit")
    String updateTier(Viewer viewer, @PathVariable TierId tierId, @RequestParam int version, @RequestParam Map<String, String> fields,
                      Model model, RedirectAttributes flash) {
        ServiceTier t = contracts.tier(viewer, tierId);
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> contracts.updateTier(viewer, t.id(), tierDraft(fields), version)) == null) {
            return tierForm(viewer, model, t, fields, errors);
        }
        flash.addFlashAttribute("notice", "Tier " + fields.get("name") + " saved.");
        return "redirect:/tiers";
    }

    private String tierForm(Viewer viewer, Model model, ServiceTier tier, Map<String, String> fields, Map<String, String> errors) {
        model.addAttribute("tier", tier);
        model.addAttribute("f", fields);
        model.addAttribute("errors", errors);
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("calendars", contracts.calendars(viewer));
        return "contracts/tier-form";
    }

    private static Map<String, String> fieldsOf(ServiceTier t) {
        Map<String, String> f = new HashMap<>();
        f.put("name", t.name());
        f.put("description", t.description());
        f.put("calendarId", t.calendarId().toString());
        f.put("uptimeTarget", t.uptimeTarget() == null ? "" : t.uptimeTarget().toPlainString());
        for (PriorityTarget p : t.targets()) {
            String k = p.priority().name();
            f.put(k + ".response", String.valueOf(p.response().toMinutes()));
            f.put(k + ".resolution", String.valueOf(p.resolution().toMinutes()));
            f.put(k + ".aroundTheClock", String.valueOf(p.aroundTheClock()));
        }
        return f;
    }

    private static TierDraft tierDraft(Map<String, String> f) {
        List<TierDraft.Target> targets = new ArrayList<>();
        for (Priority p : Priority.values()) {
            targets.add(new TierDraft.Target(p, minutes(f, p.name() + ".response"), minutes(f, p.name() + ".resolution"),
                    "true".equals(f.get(p.name() + ".aroundTheClock"))));
        }
        String name = f.getOrDefault("name", "").strip();
        if (name.isEmpty()) {
            throw new InvalidInputException("name", "Enter a name.");
        }
        return new TierDraft(name, f.getOrDefault("description", ""), uuid(f, "calendarId"), decimal(f, "uptimeTarget"), targets);
    }

    // ---- calendars

    @GetMapping("/calendars/new")
    String newCalendar(Viewer viewer, Model model) {
        Map<String, String> f = new HashMap<>(Map.of("name", "", "timeZone", "", "periods", "MONDAY 08:00-18:00\nTUESDAY 08:00-18:00\n"
                + "WEDNESDAY 08:00-18:00\nTHURSDAY 08:00-18:00\nFRIDAY 08:00-18:00", "holidays", "--01-01 New Year's Day\n--12-25 Christmas Day"));
        return calendarForm(model, null, f, new HashMap<>());
    }

    @PostMapping("/calendars")
    String createCalendar(Viewer viewer, @RequestParam Map<String, String> fields, Model model, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> contracts.createCalendar(viewer, calendarDraft(fields))) == null) {
            return calendarForm(model, null, fields, errors);
        }
        flash.addFlashAttribute("notice", "Calendar created.");
        return "redirect:/tiers";
    }

    @GetMapping("/calendars/{calendarId}/edit")
    String editCalendar(Viewer viewer, @PathVariable CalendarId calendarId, Model model) {
        CalendarDefinition c = contracts.calendar(viewer, calendarId);
        Map<String, String> f = new HashMap<>();
        f.put("name", c.name());
        f.put("timeZone", c.timeZone() == null ? "" : c.timeZone());
        f.put("alwaysOn", String.valueOf(c.alwaysOn()));
        f.put("periods", String.join("\n", c.periods().stream().map(p -> p.day() + " " + p.start() + "-" + p.end()).toList()));
        f.put("holidays", String.join("\n", c.holidays().stream()
                .map(h -> (h.yearly() != null ? h.yearly().toString() : h.date().toString()) + " " + h.name()).toList()));
        return calendarForm(model, c, f, new HashMap<>());
    }

    @PostMapping("/calendars/{calendarId}/edit")
    String updateCalendar(Viewer viewer, @PathVariable CalendarId calendarId, @RequestParam int version, @RequestParam Map<String, String> fields,
                          Model model, RedirectAttributes flash) {
        CalendarDefinition c = contracts.calendar(viewer, calendarId);
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> contracts.updateCalendar(viewer, c.id(), calendarDraft(fields), version)) == null) {
            return calendarForm(model, c, fields, errors);
        }
        flash.addFlashAttribute("notice", "Calendar saved.");
        return "redirect:/tiers";
    }

    private String calendarForm(Model model, CalendarDefinition existing, Map<String, String> fields, Map<String, String> errors) {
        model.addAttribute("existing", existing);
        model.addAttribute("f", fields);
        model.addAttribute("errors", errors);
        return "contracts/calendar-form";
    }

    /** Periods one per line ("MONDAY 08:00-18:00"), holidays one per line ("--12-25 Christmas Day" or "2026-04-03 Good Friday"). */
    static CalendarDraft calendarDraft(Map<String, String> f) {
        List<CalendarDraft.Period> periods = new ArrayList<>();
        for (String line : f.getOrDefault("periods", "").split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] parts = l.split("\\s+");
            String[] span = parts.length == 2 ? parts[1].split("-") : new String[0];
            if (span.length != 2) {
                throw new InvalidInputException("periods", "Write each period as DAY HH:mm-HH:mm, such as MONDAY 08:00-18:00; '" + l + "' is not.");
            }
            periods.add(new CalendarDraft.Period(parts[0], span[0], span[1]));
        }
        List<CalendarDraft.Day> holidays = new ArrayList<>();
        for (String line : f.getOrDefault("holidays", "").split("\\R")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] parts = l.split("\\s+", 2);
            String name = parts.length == 2 ? parts[1] : parts[0];
            holidays.add(parts[0].startsWith("--") ? new CalendarDraft.Day(name, parts[0], null) : new CalendarDraft.Day(name, null, parts[0]));
        }
        String name = f.getOrDefault("name", "").strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidInputException("name", "Enter a name of 1 to 200 characters.");
        }
        return new CalendarDraft(name, f.get("timeZone"), "true".equals(f.get("alwaysOn")), periods, holidays);
    }

    // ---- contracts

    @GetMapping("/clients/{clientId}/contracts")
    String clientContracts(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        Client c = clients.get(viewer, clientId);
        model.addAttribute("client", c);
        model.addAttribute("contracts", contracts.contractsOf(viewer, c.id()));
        Map<TierId, String> tierNames = new HashMap<>();
        contracts.tiers(viewer).forEach(t -> tierNames.put(t.id(), t.name()));
        model.addAttribute("tierNames", tierNames);
        model.addAttribute("canManageContracts", io.steward.server.contracts.ContractPermissions.MANAGE_CONTRACTS.allows(viewer));
        return "contracts/client-contracts";
    }

    @GetMapping("/clients/{clientId}/contracts/new")
    String newContract(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        Client c = clients.get(viewer, clientId);
        LocalDate today = clock.instant().atZone(java.time.ZoneId.of(c.timeZone())).toLocalDate();
        ContractDraft blank = new ContractDraft("", DeliveryModel.FULLY_MANAGED, null, null, today, null, null, null, "", "",
                PricingModel.PER_DEVICE, BigDecimal.ZERO, "EUR");
        return contractForm(viewer, model, c, null, blank, new HashMap<>());
    }

    @PostMapping("/clients/{clientId}/contracts")
    String createContract(Viewer viewer, @PathVariable ClientId clientId, @Valid @ModelAttribute("form") ContractDraft form, BindingResult binding,
                          Model model, RedirectAttributes flash) {
        Client c = clients.get(viewer, clientId);
        Map<String, String> errors = Forms.errors(binding);
        if (Forms.attempt(errors, () -> contracts.createContract(viewer, c.id(), form)) == null) {
            return contractForm(viewer, model, c, null, form, errors);
        }
        flash.addFlashAttribute("notice", "Contract " + form.reference() + " added.");
        return "redirect:/clients/" + c.id() + "/contracts";
    }

    @GetMapping("/contracts/{contractId}/edit")
    String editContract(Viewer viewer, @PathVariable ContractId contractId, Model model) {
        Contract k = contracts.contract(viewer, contractId);
        ContractDraft form = new ContractDraft(k.reference(), k.deliveryModel(), k.tierId().value(),
                k.calendarId() == null ? null : k.calendarId().value(), k.startsOn(), k.endsOn(), k.renewsOn(), k.uptimeTarget(), k.scope(),
                k.exclusions(), k.pricingModel(), k.priceAmount(), k.currency());
        return contractForm(viewer, model, clients.get(viewer, k.clientId()), k, form, new HashMap<>());
    }

    @PostMapping("/contracts/{contractId}/edit")
    String updateContract(Viewer viewer, @PathVariable ContractId contractId, @RequestParam int version,
                          @Valid @ModelAttribute("form") ContractDraft form, BindingResult binding, Model model, RedirectAttributes flash) {
        Contract k = contracts.contract(viewer, contractId);
        Map<String, String> errors = Forms.errors(binding);
        if (Forms.attempt(errors, () -> contracts.updateContract(viewer, k.id(), form, version)) == null) {
            return contractForm(viewer, model, clients.get(viewer, k.clientId()), k, form, errors);
        }
        flash.addFlashAttribute("notice", "Contract saved.");
        return "redirect:/clients/" + k.clientId() + "/contracts";
    }

    @PostMapping("/contracts/{contractId}/delete")
    String deleteContract(Viewer viewer, @PathVariable ContractId contractId, RedirectAttributes flash) {
        Contract k = contracts.contract(viewer, contractId);
        contracts.deleteContract(viewer, k.id());
        flash.addFlashAttribute("notice", "Contract " + k.reference() + " deleted.");
        return "redirect:/clients/" + k.clientId() + "/contracts";
    }

    private String contractForm(Viewer viewer, Model model, Client client, Contract existing, ContractDraft form, Map<String, String> errors) {
        model.addAttribute("client", client);
        model.addAttribute("existing", existing);
        model.addAttribute("canDeleteContracts", io.steward.server.contracts.ContractPermissions.DELETE_CONTRACTS.allows(viewer));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("tiers", contracts.tiers(viewer));
        model.addAttribute("calendars", contracts.calendars(viewer));
        model.addAttribute("models", DeliveryModel.values());
        model.addAttribute("pricings", PricingModel.values());
        model.addAttribute("version", existing == null ? 0 : existing.version());
        return "contracts/contract-form";
    }

    private Map<CalendarId, String> calendarNames(Viewer viewer) {
        Map<CalendarId, String> names = new HashMap<>();
        contracts.calendars(viewer).forEach(c -> names.put(c.id(), c.name()));
        return names;
    }

    private static int minutes(Map<String, String> f, String key) {
        try {
            return Integer.parseInt(f.getOrDefault(key, "").strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("targets", "Targets are whole minutes; " + key.replace('.', ' ') + " is not.");
        }
    }

    private static BigDecimal decimal(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "").strip();
        try {
            return v.isEmpty() ? null : new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key, "Enter a percentage such as 99.9.");
        }
    }

    private static UUID uuid(Map<String, String> f, String key) {
        try {
            return UUID.fromString(f.getOrDefault(key, ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(key, "Choose one.");
        }
    }
}
