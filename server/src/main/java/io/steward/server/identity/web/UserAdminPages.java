package io.steward.server.identity.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.identity.NewUserCredentials;
import io.steward.server.identity.UserAccount;
import io.steward.server.identity.UserDirectory;
import io.steward.server.identity.internal.UserRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Role;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
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

/** MSP admins manage users: create with a one-time password, change role and scope, disable, reset. */
@Controller
class UserAdminPages {
    private final UserDirectory users;
    private final ClientService clients;

    UserAdminPages(UserDirectory users, ClientService clients) {
        this.users = users;
        this.clients = clients;
    }

    @GetMapping("/admin/users")
    String list(Viewer viewer, @RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
                @RequestParam(required = false) String sort, Model model) {
        model.addAttribute("users", users.list(viewer, q, PageQuery.of(page, 50, sort, UserRepository.SORTABLE, "email")));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("clientNames", clientNames(viewer));
        return "admin/users";
    }

    @GetMapping("/admin/users/new")
    String newUser(Viewer viewer, Model model) {
        return form(viewer, model, new UserInput("", "", Role.TECHNICIAN, 1, null, List.of(), null), null, new HashMap<>());
    }

    @PostMapping("/admin/users")
    String create(Viewer viewer, @Valid @ModelAttribute("form") UserInput form, BindingResult binding, Model model) {
        Map<String, String> errors = Forms.errors(binding);
        NewUserCredentials created = Forms.attempt(errors, () -> users.create(viewer, form.toDraft(), form.timeZone()));
        if (created == null) {
            return form(viewer, model, form, null, errors);
        }
        model.addAttribute("created", created);
        return "admin/user-created";
    }

    @GetMapping("/admin/users/{userId}")
    String edit(Viewer viewer, @PathVariable UserId userId, Model model) {
        UserAccount u = users.get(viewer, userId);
        UserInput input = new UserInput(u.email(), u.displayName(), u.role(), u.supportTier(),
                u.clientId() == null ? null : u.clientId().value(), u.clientScope().stream().map(ClientId::value).toList(), u.timeZone());
        return form(viewer, model, input, u, new HashMap<>());
    }

    @PostMapping("/admin/users/{userId}")
    String update(Viewer viewer, @PathVariable UserId userId, @RequestParam int version, @Valid @ModelAttribute("form") UserInput form,
                  BindingResult binding, Model model, RedirectAttributes flash) {
        UserAccount existing = users.get(viewer, userId);
        Map<String, String> errors = Forms.errors(binding);
        if (Forms.attempt(errors, () -> users.update(viewer, existing.id(), form.toDraft(), form.timeZone(), version)) == null) {
            return form(viewer, model, form, existing, errors);
        }
        flash.addFlashAttribute("notice", "User " + form.email() + " saved; their sessions were ended.");
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{userId}/enabled")
    String setEnabled(Viewer viewer, @PathVariable UserId userId, @RequestParam boolean enabled, @RequestParam int version,
                      RedirectAttributes flash) {
        UserAccount u = users.get(viewer, userId);
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> users.setEnabled(viewer, u.id(), enabled, version)) == null) {
            flash.addFlashAttribute("error", String.join(" ", errors.values()));
        } else {
            flash.addFlashAttribute("notice", u.email() + (enabled ? " enabled." : " disabled; their sessions were ended."));
        }
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{userId}/reset-password")
    String resetPassword(Viewer viewer, @PathVariable UserId userId, Model model) {
        NewUserCredentials reset = users.resetPassword(viewer, userId);
        model.addAttribute("created", reset);
        model.addAttribute("reset", true);
        return "admin/user-created";
    }

    private String form(Viewer viewer, Model model, UserInput form, UserAccount existing, Map<String, String> errors) {
        model.addAttribute("form", form == null ? new UserInput("", "", Role.TECHNICIAN, 1, null, List.of(), null) : form);
        model.addAttribute("existing", existing);
        model.addAttribute("errors", errors);
        model.addAttribute("roles", Role.values());
        model.addAttribute("timeZones", io.steward.server.identity.ViewerTimeZones.choicesWith(existing == null ? null : existing.timeZone()));
        model.addAttribute("clients", clients.summaries(viewer.scope()));
        return "admin/user-form";
    }

    private Map<ClientId, String> clientNames(Viewer viewer) {
        Map<ClientId, String> names = new HashMap<>();
        clients.summaries(viewer.scope()).forEach(c -> names.put(c.id(), c.name()));
        return names;
    }
}
