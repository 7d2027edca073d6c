package io.steward.server.devices.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.devices.MonitoringService;
import io.steward.server.devices.MonitoringSettings;
import io.steward.server.devices.MonitoringTargets;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A client's monitoring settings as a form: one host, URL or service per line. A refused form
 * comes back with what was typed and the reason beside each field.
 */
@Controller
class MonitoringPages {
    private final MonitoringService monitoring;
    private final ClientService clients;

    MonitoringPages(MonitoringService monitoring, ClientService clients) {
        this.monitoring = monitoring;
        this.clients = clients;
    }

    /** The form as typed: numbers and lists stay text so a refusal can show them unchanged. */
    record Form(String metricsSeconds, String heartbeatSeconds, String pingHosts, String httpChecks, String services) {
        static Form of(MonitoringSettings s) {
            return new Form(Integer.toString(s.metricsSeconds()), s.heartbeatSeconds() == null ? "" : s.heartbeatSeconds().toString(),
                    String.join("\n", s.pingHosts()),
                    String.join("\n", s.httpChecks().stream().map(c -> c.expectedStatus() == null || c.expectedStatus() == 200 ? c.url()
                            : c.url() + " " + c.expectedStatus()).toList()),
                    String.join("\n", s.services()));
        }
    }

    @GetMapping("/clients/{clientId}/monitoring")
    String show(Viewer viewer, @PathVariable("clientId") ClientId client, Model model) {
        MonitoringSettings s = monitoring.get(viewer, client);
        return form(viewer, model, client, Form.of(s), s.version(), new HashMap<>());
    }

    @PostMapping("/clients/{clientId}/monitoring")
    String save(Viewer viewer, @PathVariable("clientId") ClientId client, @RequestParam int version, @RequestParam(defaultValue = "") String metricsSeconds,
                @RequestParam(defaultValue = "") String heartbeatSeconds, @RequestParam(defaultValue = "") String pingHosts,
                @RequestParam(defaultValue = "") String httpChecks, @RequestParam(defaultValue = "") String services, Model model,
                RedirectAttributes flash) {
        Form typed = new Form(metricsSeconds, heartbeatSeconds, pingHosts, httpChecks, services);
        Map<String, String> errors = new HashMap<>();
        Integer metrics = number(metricsSeconds, "metricsSeconds", errors);
        Integer heartbeat = number(heartbeatSeconds, "heartbeatSeconds", errors);
        List<MonitoringSettings.HttpCheck> checks = checks(httpChecks, errors);
        MonitoringSettings saved = Forms.attempt(errors, () -> monitoring.update(viewer, client,
                new MonitoringTargets.Request(metrics, heartbeat, lines(pingHosts), checks, lines(services)), version));
        if (saved != null) {
            flash.addFlashAttribute("notice", "Monitoring settings saved; agents apply them after their next heartbeat.");
            return "redirect:/clients/" + client + "/monitoring";
        }
        return form(viewer, model, client, typed, version, errors);
    }

    private String form(Viewer viewer, Model model, ClientId client, Form form, int version, Map<String, String> errors) {
        model.addAttribute("client", clients.get(viewer, client));
        model.addAttribute("form", form);
        model.addAttribute("version", version);
        model.addAttribute("errors", errors);
        model.addAttribute("serverHeartbeat", monitoring.serverHeartbeatSeconds());
        return "devices/monitoring";
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** "URL" or "URL status" per line. */
    private static List<MonitoringSettings.HttpCheck> checks(String text, Map<String, String> errors) {
        List<MonitoringSettings.HttpCheck> out = new ArrayList<>();
        for (String line : lines(text)) {
            String[] parts = line.split("\\s+");
            if (parts.length > 2) {
                errors.putIfAbsent("httpChecks", "'" + line + "': one URL per line, optionally followed by the expected status.");
                continue;
            }
            Integer status = null;
            if (parts.length == 2) {
                try {
                    status = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    errors.putIfAbsent("httpChecks", "'" + line + "': the expected status is a number such as 200.");
                    continue;
                }
            }
            out.add(new MonitoringSettings.HttpCheck(parts[0], status));
        }
        return out;
    }

    private static Integer number(String value, String field, Map<String, String> errors) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            errors.put(field, "Enter a whole number of seconds.");
            return null;
        }
    }
}
