package io.steward.server.identity.web;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.identity.PasskeyDirectory.Passkey;
import io.steward.server.identity.internal.PasskeySignIn;
import io.steward.server.identity.internal.Passkeys;
import io.steward.server.shared.Viewer;
import io.steward.server.web.Forms;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Passkeys on the account page (the browser's part is in /js/passkeys.js), and sign-in with one. */
@Controller
class PasskeyPages {
    private final Passkeys passkeys;
    private final PasskeySignIn signIn;

    PasskeyPages(Passkeys passkeys, PasskeySignIn signIn) {
        this.passkeys = passkeys;
        this.signIn = signIn;
    }

    @PostMapping("/login/passkey")
    String signIn(@RequestParam(defaultValue = "") String credentialId, @RequestParam(defaultValue = "") String authenticatorData,
                  @RequestParam(defaultValue = "") String clientDataJson, @RequestParam(defaultValue = "") String signature,
                  @RequestParam(defaultValue = "") String userHandle, HttpServletRequest request, HttpServletResponse response,
                  RedirectAttributes flash) {
        PasskeySignIn.Outcome outcome = signIn.signIn(request, response,
                new PasskeyAssertion(credentialId, authenticatorData, clientDataJson, signature, userHandle));
        return switch (outcome) {
            case PasskeySignIn.Outcome.SignedIn s -> "redirect:" + s.page();
            case PasskeySignIn.Outcome.Blocked b -> "redirect:/login?blocked";
            case PasskeySignIn.Outcome.Failed f -> {
                flash.addFlashAttribute("error", "Your passkey did not sign you in. " + f.reason());
                yield "redirect:/login";
            }
        };
    }

    @PostMapping("/account/passkeys")
    String register(Viewer viewer, @RequestParam(defaultValue = "") String label, @RequestParam(defaultValue = "") String clientDataJson,
                    @RequestParam(defaultValue = "") String attestationObject, @RequestParam(defaultValue = "") String transports,
                    RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        List<String> kinds = Arrays.stream(transports.split(",")).map(String::strip).filter(s -> !s.isEmpty()).limit(10).toList();
        Passkey p = Forms.attempt(errors, () -> passkeys.register(viewer, label, clientDataJson, attestationObject, kinds));
        if (p == null) {
            Map<String, String> shown = new HashMap<>(errors);
            errors.forEach((field, message) -> {
                if (!field.equals("label")) {
                    shown.put("passkey", message);
                }
            });
            flash.addFlashAttribute("errors", shown);
        } else {
            flash.addFlashAttribute("notice", "Passkey " + p.label() + " added.");
        }
        return "redirect:/account";
    }

    @PostMapping("/account/passkeys/{credentialId}/rename")
    String rename(Viewer viewer, @PathVariable String credentialId, @RequestParam(defaultValue = "") String label, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        Passkey p = Forms.attempt(errors, () -> passkeys.rename(viewer, credentialId, label));
        if (p == null) {
            flash.addFlashAttribute("errors", errors);
        } else {
            flash.addFlashAttribute("notice", "Passkey renamed to " + p.label() + ".");
        }
        return "redirect:/account";
    }

    @PostMapping("/account/passkeys/{credentialId}/delete")
    String delete(Viewer viewer, @PathVariable String credentialId, RedirectAttributes flash) {
        Passkey p = passkeys.delete(viewer, credentialId);
        flash.addFlashAttribute("notice", "Passkey " + p.label() + " deleted.");
        return "redirect:/account";
    }
}
