package io.steward.server.identity.web;

import io.steward.server.identity.IdentityProperties;
import io.steward.server.identity.internal.MfaService;
import io.steward.server.identity.internal.PasskeySignIn;
import io.steward.server.identity.internal.SignInFlow;
import io.steward.server.identity.internal.StewardAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in form (password, or a passkey: see {@link PasskeyPages}) and the second-factor step. */
@Controller
class SignInPages {
    private final MfaService mfa;
    private final SignInFlow flow;
    private final PasskeySignIn passkeys;
    private final IdentityProperties properties;

    SignInPages(MfaService mfa, SignInFlow flow, PasskeySignIn passkeys, IdentityProperties properties) {
        this.mfa = mfa;
        this.flow = flow;
        this.passkeys = passkeys;
        this.properties = properties;
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof StewardAuthentication s) {
            return "redirect:" + s.stage().page();
        }
        String q = request.getQueryString() == null ? "" : request.getQueryString();
        if (q.contains("blocked")) {
            model.addAttribute("error", "Too many failed sign-ins. Wait a few minutes and try again.");
        } else if (q.contains("failed")) {
            model.addAttribute("error", "Email or password is not correct.");
        } else if (q.contains("signedOut")) {
            model.addAttribute("notice", "You are signed out.");
        }
        model.addAttribute("passkeyChallenge", passkeys.newChallenge(request.getSession()));
        model.addAttribute("passkeyRp", properties.webauthn().rpId());
        return "login";
    }

    @GetMapping("/login/mfa")
    String challenge() {
        return "mfa-challenge";
    }

    @PostMapping("/login/mfa")
    String verify(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response, Model model) {
        StewardAuthentication current = SignInFlow.current();
        if (code.length() > 32 || !mfa.verifyChallenge(current.viewer().userId(), code)) {
            model.addAttribute("error", "That code is not valid. Enter the current code from your app, or a recovery code.");
            return "mfa-challenge";
        }
        return "redirect:" + flow.advance(request, response, current);
    }
}
