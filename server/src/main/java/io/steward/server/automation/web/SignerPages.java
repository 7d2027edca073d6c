package io.steward.server.automation.web;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.automation.internal.signer.SignerKeyring;
import io.steward.server.shared.Viewer;

/**
 * The signer's page: its key fingerprint and rotations, keyring, the standard changes it holds, its limits, whether
 * it is reachable, and (for MSP admins) staff passkeys to endorse with one's own passkey (/js/passkeys.js).
 */
@Controller
class SignerPages {
    private final SignerKeyring keyring;

    SignerPages(SignerKeyring keyring) {
        this.keyring = keyring;
    }

    @GetMapping("/automation/signer")
    String signer(Viewer viewer, Model model) {
        SignerKeyring.Overview o = keyring.overview(viewer);
        model.addAttribute("overview", o);
        model.addAttribute("candidates", keyring.candidates(viewer, o.status()));
        return "automation/signer";
    }

    @PostMapping("/automation/signer/keyring")
    String endorse(Viewer viewer, @RequestParam UUID personId, @RequestParam String displayName, @RequestParam String credentialToTrust,
                   @RequestParam String publicKeyCose, @RequestParam(defaultValue = "false") boolean approver, @RequestParam long at, @RequestParam Map<String, String> form,
                   RedirectAttributes flash) {
        PasskeyAssertion assertion = new PasskeyAssertion(form.get("credentialId"), form.get("authenticatorData"), form.get("clientDataJson"),
                form.get("signature"), form.get("userHandle"));
        try {
            keyring.endorse(viewer, new SignerKeyring.Endorsement(personId, displayName, credentialToTrust, publicKeyCose, approver, at, assertion));
            flash.addFlashAttribute("notice", "The signer now trusts " + displayName + "'s passkey.");
        } catch (SignerGateway.Refused e) {
            flash.addFlashAttribute("error", "The signer refused: " + e.getMessage());
        } catch (io.steward.server.shared.ForbiddenException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (SignerGateway.Unavailable e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/automation/signer";
    }
}
