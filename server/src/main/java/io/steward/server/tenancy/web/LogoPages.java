package io.steward.server.tenancy.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.LogoService;
import io.steward.server.web.Forms;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Logo uploads by page: the MSP settings page (MSP admins) and the logo editor on a client's edit page. A refused
 * upload comes back to the page with the reason beside the file field.
 */
@Controller
class LogoPages {
    private final LogoService logos;
    private final io.steward.server.tenancy.MspService msp;

    LogoPages(LogoService logos, io.steward.server.tenancy.MspService msp) {
        this.logos = logos;
        this.msp = msp;
    }

    @GetMapping("/admin/msp")
    String msp(Viewer viewer, Model model) {
        model.addAttribute("logo", logos.mspInfo(viewer).orElse(null));
        if (!model.containsAttribute("mspName")) {
            model.addAttribute("mspName", msp.name().orElse(""));
        }
        return "admin/msp";
    }

    @PostMapping("/admin/msp/name")
    String rename(Viewer viewer, @RequestParam(value = "name", required = false) String name, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> msp.rename(viewer, name)) == null) {
            // The typed name comes back with the message, so nothing typed is lost.
            flash.addFlashAttribute("nameError", String.join(" ", errors.values()));
            flash.addFlashAttribute("mspName", name);
        } else {
            flash.addFlashAttribute("notice", "Name saved.");
        }
        return "redirect:/admin/msp";
    }

    @PostMapping("/admin/msp/logo")
    String uploadMsp(Viewer viewer, @RequestParam(value = "file", required = false) MultipartFile file, RedirectAttributes flash) {
        return upload("/admin/msp", flash, () -> logos.putMsp(viewer, read(file)));
    }

    @PostMapping("/admin/msp/logo/delete")
    String removeMsp(Viewer viewer, RedirectAttributes flash) {
        logos.deleteMsp(viewer);
        flash.addFlashAttribute("notice", "Logo removed.");
        return "redirect:/admin/msp";
    }

    @PostMapping("/clients/{clientId}/logo")
    String uploadClient(Viewer viewer, @PathVariable("clientId") ClientId id, @RequestParam(value = "file", required = false) MultipartFile file,
                        RedirectAttributes flash) {
        return upload("/clients/" + id + "/edit", flash, () -> logos.putClient(viewer, id, read(file)));
    }

    @PostMapping("/clients/{clientId}/logo/delete")
    String removeClient(Viewer viewer, @PathVariable("clientId") ClientId id, RedirectAttributes flash) {
        logos.deleteClient(viewer, id);
        flash.addFlashAttribute("notice", "Logo removed.");
        return "redirect:/clients/" + id + "/edit";
    }

    private static String upload(String page, RedirectAttributes flash, Runnable store) {
        Map<String, String> errors = new HashMap<>();
        Boolean stored = Forms.attempt(errors, () -> {
            store.run();
            return true;
        });
        if (stored == null) {
            flash.addFlashAttribute("logoError", errors.getOrDefault("file", String.join(" ", errors.values())));
        } else {
            flash.addFlashAttribute("notice", "Logo saved.");
        }
        return "redirect:" + page;
    }

    private static byte[] read(MultipartFile file) {
        try {
            return LogoApi.bytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
