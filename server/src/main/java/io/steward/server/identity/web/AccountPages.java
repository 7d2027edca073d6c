package io.steward.server.identity.web;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.identity.ApiTokenInfo;
import io.steward.server.identity.UserDirectory;
import io.steward.server.identity.ViewerTimeZones;
import io.steward.server.identity.internal.ApiTokens;
import io.steward.server.identity.internal.MfaService;
import io.steward.server.identity.internal.Passkeys;
import io.steward.server.identity.internal.PasswordSignIn;
import io.steward.server.identity.internal.SignInFlow;
import io.steward.server.identity.internal.SignInStage;
import io.steward.server.identity.internal.StewardAuthentication;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.web.Forms;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The signed-in user's own account: password, two-factor authentication, passkeys (see {@link PasskeyPages}) and API tokens. */
@Controller
class AccountPages {
    private static final String PENDING_SECRET = "steward.mfa.pendingSecret";

    private final UserDirectory users;
    private final MfaService mfa;
    private final ApiTokens tokens;
    private final SignInFlow flow;
    private final ViewerTimeZones zones;
    private final Passkeys passkeys;

    AccountPages(UserDirectory users, MfaService mfa, ApiTokens tokens, SignInFlow flow, ViewerTimeZones zones, Passkeys passkeys) {
        this.zones = zones;
        this.passkeys = passkeys;
        this.users = users;
        this.mfa = mfa;
        this.tokens = tokens;
        this.flow = flow;
    }

    @GetMapping("/account")
    String account(Viewer viewer, Model model) {
        model.addAttribute("tokens", tokens.list(viewer));
        model.addAttribute("passkeys", passkeys.passkeysOf(viewer.userId()));
        model.addAttribute("mfaEnabled", users.mfaEnabled(viewer));
        model.addAttribute("recoveryLeft", mfa.unusedRecoveryCodes(viewer));
        model.addAttribute("mfaRequired", PasswordSignIn.requiresMfa(viewer.role()));
        String own = users.ownTimeZone(viewer);
        model.addAttribute("ownTimeZone", own);
        model.addAttribute("effectiveTimeZone", zones.zoneOf(viewer).getId());
        model.addAttribute("timeZones", ViewerTimeZones.choicesWith(own));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", new HashMap<String, String>());
        }
        return "account/index";
    }

    @PostMapping("/account/time-zone")
    String setTimeZone(Viewer viewer, @RequestParam(defaultValue = "") String timeZone, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        if (Forms.attempt(errors, () -> users.setOwnTimeZone(viewer, timeZone)) == null && !errors.isEmpty()) {
            flash.addFlashAttribute("errors", errors);
        } else {
            flash.addFlashAttribute("notice", timeZone.isBlank() ? "Times are shown in your default time zone."
                    : "Times are shown in " + timeZone.strip() + ".");
        }
        return "redirect:/account";
    }

    @GetMapping("/account/password")
    String passwordForm(Model model) {
        model.addAttribute("errors", new HashMap<String, String>());
        model.addAttribute("forced", SignInFlow.current().stage() == SignInStage.PASSWORD_CHANGE);
        return "account/password";
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam(defaultValue = "") String currentPassword, @RequestParam(defaultValue = "") String newPassword,
                          @RequestParam(defaultValue = "") String confirmPassword, HttpServletRequest request,
                          HttpServletResponse response, Model model, RedirectAttributes flash) {
        StewardAuthentication current = SignInFlow.current();
        Map<String, String> errors = new HashMap<>();
        try {
            if (!newPassword.equals(confirmPassword)) {
                throw new InvalidInputException("confirmPassword", "The two new passwords differ.");
            }
            users.changeOwnPassword(current.viewer(), currentPassword, newPassword);
        } catch (RuntimeException e) {
            if (!Forms.reject(e, errors)) {
                throw e;
            }
            model.addAttribute("errors", errors);
            model.addAttribute("forced", current.stage() == SignInStage.PASSWORD_CHANGE);
            return "account/password";
        }
        flash.addFlashAttribute("notice", "Your password was changed.");
        if (current.stage() == SignInStage.PASSWORD_CHANGE) {
            return "redirect:" + flow.advance(request, response, current);
        }
        flow.refresh(request, response, current);
        return "redirect:/account";
    }

    @GetMapping("/account/mfa")
    String mfaPage(HttpSession session, Model model) {
        StewardAuthentication current = SignInFlow.current();
        Viewer v = current.viewer();
        if (users.mfaEnabled(v)) {
            model.addAttribute("enabled", true);
            model.addAttribute("required", PasswordSignIn.requiresMfa(v.role()));
            model.addAttribute("recoveryLeft", mfa.unusedRecoveryCodes(v));
        } else {
            String secret = (String) session.getAttribute(PENDING_SECRET);
            if (secret == null) {
                secret = mfa.newSecret();
                session.setAttribute(PENDING_SECRET, secret);
            }
            model.addAttribute("enabled", false);
            model.addAttribute("secret", secret);
            model.addAttribute("qr", mfa.qrDataUri(v.email(), secret));
            model.addAttribute("forced", current.stage() == SignInStage.MFA_ENROLL);
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", new HashMap<String, String>());
        }
        return "account/mfa";
    }

    @PostMapping("/account/mfa/enable")
    String enable(@RequestParam(defaultValue = "") String code, HttpSession session, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        StewardAuthentication current = SignInFlow.current();
        String secret = (String) session.getAttribute(PENDING_SECRET);
        if (secret == null) {
            return "redirect:/account/mfa";
        }
        List<String> codes;
        try {
            codes = mfa.enable(current.viewer(), secret, code);
        } catch (RuntimeException e) {
            Map<String, String> errors = new HashMap<>();
            if (!Forms.reject(e, errors)) {
                throw e;
            }
            model.addAttribute("errors", errors);
            return mfaPage(session, model);
        }
        session.removeAttribute(PENDING_SECRET);
        String next = current.stage() == SignInStage.MFA_ENROLL ? flow.advance(request, response, current) : null;
        if (next == null) {
            flow.refresh(request, response, current);
        }
        model.addAttribute("codes", codes);
        model.addAttribute("next", next == null ? "/account" : next);
        return "account/recovery-codes";
    }

    @PostMapping("/account/mfa/disable")
    String disable(Viewer viewer, @RequestParam(defaultValue = "") String code, HttpSession session, HttpServletRequest request,
                   HttpServletResponse response, Model model, RedirectAttributes flash) {
        try {
            mfa.disable(viewer, code);
        } catch (RuntimeException e) {
            Map<String, String> errors = new HashMap<>();
            if (!Forms.reject(e, errors)) {
                throw e;
            }
            model.addAttribute("errors", errors);
            return mfaPage(session, model);
        }
        flow.refresh(request, response, SignInFlow.current());
        flash.addFlashAttribute("notice", "Two-factor authentication is off.");
        return "redirect:/account";
    }

    @PostMapping("/account/mfa/recovery-codes")
    String regenerate(Viewer viewer, HttpServletRequest request, HttpServletResponse response, Model model) {
        List<String> codes = mfa.regenerateRecoveryCodes(viewer);
        flow.refresh(request, response, SignInFlow.current());
        model.addAttribute("codes", codes);
        model.addAttribute("next", "/account");
        return "account/recovery-codes";
    }

    @PostMapping("/account/tokens")
    String createToken(Viewer viewer, @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "READ_ONLY") String access,
                       @RequestParam(defaultValue = "90") String expiresInDays, RedirectAttributes flash) {
        Map<String, String> errors = new HashMap<>();
        try {
            ApiTokenInfo.Access level = parseAccess(access);
            ApiTokens.Created created = tokens.create(viewer, name, level, Duration.ofDays(parseDays(expiresInDays)));
            flash.addFlashAttribute("newToken", created.secret());
            flash.addFlashAttribute("notice", "Token " + created.token().name() + " created. Copy it now: it is not shown again.");
        } catch (RuntimeException e) {
            if (!Forms.reject(e, errors)) {
                throw e;
            }
            flash.addFlashAttribute("errors", errors);
        }
        return "redirect:/account";
    }

    @PostMapping("/account/tokens/{tokenId}/revoke")
    String revoke(Viewer viewer, @org.springframework.web.bind.annotation.PathVariable("tokenId") UUID id, RedirectAttributes flash) {
        ApiTokenInfo t = tokens.revoke(viewer, id);
        flash.addFlashAttribute("notice", "Token " + t.name() + " revoked.");
        return "redirect:/account";
    }

    static ApiTokenInfo.Access parseAccess(String access) {
        try {
            return ApiTokenInfo.Access.valueOf(access);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("access", "Choose READ_ONLY or READ_WRITE.");
        }
    }

    static long parseDays(String days) {
        try {
            long d = Long.parseLong(days.trim());
            if (d < 1 || d > 3650) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("expiresInDays", "Enter the number of days the token lives.");
        }
    }
}
