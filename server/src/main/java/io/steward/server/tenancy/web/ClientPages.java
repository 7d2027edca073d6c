package io.steward.server.tenancy.web;

import java.util.HashMap;
import java.util.Map;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.TenancyPermissions;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientDraft;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ClientStatus;
import io.steward.server.tenancy.Contact;
import io.steward.server.tenancy.ContactDraft;
import io.steward.server.tenancy.ContactService;
import io.steward.server.tenancy.LogoService;
import io.steward.server.tenancy.Site;
import io.steward.server.tenancy.SiteDraft;
import io.steward.server.tenancy.SiteService;
import io.steward.server.tenancy.internal.ClientRepository;
import io.steward.server.web.Forms;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff pages for clients, their sites and contacts. */
@Controller
class ClientPages {
    private final ClientService clients;
    private final SiteService sites;
    private final ContactService contacts;
    private final LogoService logos;

    ClientPages(ClientService clients, SiteService sites, ContactService contacts, LogoService logos) {
        this.clients = clients;
        this.sites = sites;
        this.contacts = contacts;
        this.logos = logos;
    }

    @GetMapping("/clients")
    String list(Viewer viewer, @RequestParam(required = false) String q, @RequestParam(required = false) ClientStatus status,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("clients", clients.list(viewer, q, status, PageQuery.of(page, 25, sort, ClientRepository.SORTABLE, "name")));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("status", status);
        model.addAttribute("canCreate", viewer.scope().allClients() && TenancyPermissions.MANAGE_CLIENTS.allows(viewer));
        return htmx != null ? "clients/list :: rows" : "clients/list";
    }

    @GetMapping("/clients/new")
    String newClient(Model model) {
        return clientForm(model, new ClientDraft("", "UTC", ClientStatus.ACTIVE, "", false), null, new HashMap<>());
    }

    @PostMapping("/clients")
    String create(Viewer viewer, @Valid @ModelAttribute("form") ClientDraft form, BindingResult binding, Model model, RedirectAttributes flash) {
        Map<String, String> errors = Forms.errors(binding);
        String next = Forms.attempt(errors, () -> {
            Client c = clients.create(viewer, form);
            flash.addFlashAttribute("notice", "Client " + c.name() + " created.");
            return "redirect:/clients/" + c.id();
        });
        if (next != null) {
            return next;
        }
        return clientForm(model, form, null, errors);
    }

    @GetMapping("/clients/{clientId}")
    String show(Viewer viewer, @PathVariable("clientId") ClientId id, Model model) {
        model.addAttribute("client", clients.get(viewer, id));
        model.addAttribute("sites", sites.ofClient(viewer, id));
        model.addAttribute("contacts", contacts.ofClient(viewer, id));
        model.addAttribute("canEditClient", TenancyPermissions.MANAGE_CLIENTS.allows(viewer));
        model.addAttribute("canDeleteClient", TenancyPermissions.ADMINISTER.allows(viewer));
        return "clients/detail";
    }

    @GetMapping("/clients/{clientId}/edit")
    String edit(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        Client c = clients.get(viewer, clientId);
        logoEditor(viewer, c, model);
        return clientForm(model, new ClientDraft(c.name(), c.timeZone(), c.status(), c.notes(), c.portalShowsAlertTickets()), c, new HashMap<>());
    }

    @PostMapping("/clients/{clientId}/edit")
    String update(Viewer viewer, @PathVariable ClientId clientId, @RequestParam int version, @Valid @ModelAttribute("form") ClientDraft form,
                  BindingResult binding, Model model, RedirectAttributes flash) {
        Client existing = clients.get(viewer, clientId);
        Map<String, String> errors = Forms.errors(binding);
        String next = Forms.attempt(errors, () -> {
            clients.update(viewer, existing.id(), form, version);
            flash.addFlashAttribute("notice", "Saved.");
            return "redirect:/clients/" + existing.id();
        });
        if (next != null) {
            return next;
        }
        model.addAttribute("version", version);
        logoEditor(viewer, existing, model);
        return clientForm(model, form, existing, errors);
    }

    @PostMapping("/clients/{clientId}/delete")
    String delete(Viewer viewer, @PathVariable ClientId clientId, @RequestParam(required = false) Integer version, RedirectAttributes flash) {
        Client c = clients.get(viewer, clientId);
        clients.delete(viewer, c.id(), version);
        flash.addFlashAttribute("notice", "Client " + c.name() + " deleted.");
        return "redirect:/clients";
    }

    /** The logo editor on the edit page, for the staff who may change the client. */
    private void logoEditor(Viewer viewer, Client client, Model model) {
        if (TenancyPermissions.MANAGE_CLIENTS.allows(viewer)) {
            model.addAttribute("logo", logos.clientInfo(viewer, client.id()).orElse(null));
            model.addAttribute("logoEditable", true);
        }
    }

    private String clientForm(Model model, ClientDraft form, Client existing, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("existing", existing);
        model.addAttribute("errors", errors);
        model.addAttribute("statuses", ClientStatus.values());
        if (!model.containsAttribute("version")) {
            model.addAttribute("version", existing == null ? 0 : existing.version());
        }
        return "clients/form";
    }

    // ---- sites

    @GetMapping("/clients/{clientId}/sites/new")
    String newSite(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        Client c = clients.get(viewer, clientId);
        return siteForm(model, c, null, new SiteDraft("", "", "", "", "", "", ""), new HashMap<>());
    }

    @PostMapping("/clients/{clientId}/sites")
    String createSite(Viewer viewer, @PathVariable ClientId clientId, @Valid @ModelAttribute("form") SiteDraft form, BindingResult binding,
                      Model model, RedirectAttributes flash) {
        Client c = clients.get(viewer, clientId);
        Map<String, String> errors = Forms.errors(binding);
        String next = Forms.attempt(errors, () -> {
            sites.create(viewer, c.id(), form);
            flash.addFlashAttribute("notice", "Site added.");
            return "redirect:/clients/" + c.id();
        });
        if (next != null) {
            return next;
        }
        return siteForm(model, c, null, form, errors);
    }

    @GetMapping("/sites/{siteId}/edit")
    String editSite(Viewer viewer, @PathVariable SiteId siteId, Model model) {
        Site s = sites.get(viewer, siteId);
        Client c = clients.get(viewer, s.clientId());
        return siteForm(model, c, s, new SiteDraft(s.name(), s.address(), s.city(), s.postalCode(), s.country(),
                s.timeZone() == null ? "" : s.timeZone(), s.notes()), new HashMap<>());
    }

    @PostMapping("/sites/{siteId}/edit")
    String updateSite(Viewer viewer, @PathVariable SiteId siteId, @RequestParam int version, @Valid @ModelAttribute("form") SiteDraft form,
                      BindingResult binding, Model model, RedirectAttributes flash) {
        Site s = sites.get(viewer, siteId);
        Map<String, String> errors = Forms.errors(binding);
        String next = Forms.attempt(errors, () -> {
            sites.update(viewer, s.id(), form, version);
            flash.addFlashAttribute("notice", "Site saved.");
            return "redirect:/clients/" + s.clientId();
        });
        if (next != null) {
            return next;
        }
        model.addAttribute("version", version);
        return siteForm(model, clients.get(viewer, s.clientId()), s, form, errors);
    }

    @PostMapping("/sites/{siteId}/delete")
    String deleteSite(Viewer viewer, @PathVariable SiteId siteId, RedirectAttributes flash) {
        Site s = sites.get(viewer, siteId);
        sites.delete(viewer, s.id());
        flash.addFlashAttribute("notice", "Site " + s.name() + " deleted.");
        return "redirect:/clients/" + s.clientId();
    }

    private String siteForm(Model model, Client client, Site existing, SiteDraft form, Map<String, String> errors) {
        model.addAttribute("client", client);
        model.addAttribute("existing", existing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        if (!model.containsAttribute("version")) {
            model.addAttribute("version", existing == null ? 0 : existing.version());
        }
        return "clients/site-form";
    }

    // ---- contacts

    @GetMapping("/clients/{clientId}/contacts/new")
    String newContact(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        Client c = clients.get(viewer, clientId);
        return contactForm(viewer, model, c, null, new ContactDraft("", "", "", "", "", null, false), new HashMap<>());
    }

    @PostMapping("/clients/{clientId}/contacts")
    String createContact(Viewer viewer, @PathVariable ClientId clientId, @Valid @ModelAttribute("form") ContactDraft form, BindingResult binding,
                         Model model, RedirectAttributes flash) {
        Client c = clients.get(viewer, clientId);
        Map<String, String> errors = Forms.errors(binding);
        String next = Forms.attempt(errors, () -> {
            contacts.create(viewer, c.id(), form);
            flash.addFlashAttribute("notice", "Contact added.");
            return "redirect:/clients/" + c.id();
        });
        if (next != null) {
            return next;
        }
        return contactForm(viewer, model, c, null, form, errors);
    }

    @GetMapping("/contacts/{contactId}/edit")
    String editContact(Viewer viewer, @PathVariable ContactId contactId, Model model) {
        Contact k = contacts.get(viewer, contactId);
        Client c = clients.get(viewer, k.clientId());
        return contactForm(viewer, model, c, k, new ContactDraft(k.firstName(), k.lastName(), k.email(), k.phone(), k.jobTitle(),
                k.siteId() == null ? null : k.siteId().value(), k.primary()), new HashMap<>());
    }

    @PostMapping("/contacts/{contactId}/edit")
    String updateContact(Viewer viewer, @PathVariable ContactId contactId, @RequestParam int version,
                         @Valid @ModelAttribute("form") ContactDraft form, BindingResult binding, Model model, RedirectAttributes flash) {
        Contact k = contacts.get(viewer, contactId);
        Map<String, String> errors = Forms.errors(binding);
        String next = Forms.attempt(errors, () -> {
            contacts.update(viewer, k.id(), form, version);
            flash.addFlashAttribute("notice", "Contact saved.");
            return "redirect:/clients/" + k.clientId();
        });
        if (next != null) {
            return next;
        }
        model.addAttribute("version", version);
        return contactForm(viewer, model, clients.get(viewer, k.clientId()), k, form, errors);
    }

    @PostMapping("/contacts/{contactId}/delete")
    String deleteContact(Viewer viewer, @PathVariable ContactId contactId, RedirectAttributes flash) {
        Contact k = contacts.get(viewer, contactId);
        contacts.delete(viewer, k.id());
        flash.addFlashAttribute("notice", "Contact " + k.fullName() + " deleted.");
        return "redirect:/clients/" + k.clientId();
    }

    private String contactForm(Viewer viewer, Model model, Client client, Contact existing, ContactDraft form, Map<String, String> errors) {
        model.addAttribute("client", client);
        model.addAttribute("existing", existing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("sites", sites.ofClient(viewer, client.id()));
        if (!model.containsAttribute("version")) {
            model.addAttribute("version", existing == null ? 0 : existing.version());
        }
        return "clients/contact-form";
    }
}
