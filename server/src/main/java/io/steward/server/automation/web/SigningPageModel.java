package io.steward.server.automation.web;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.steward.server.automation.SigningPage;

/**
 * Gives the automation pages the signer's signing page address ({@code signingPageUrl}), which their signing forms
 * hand statements to. A model attribute rather than a bean reference because Thymeleaf evaluates th:attr in its
 * restricted mode.
 */
@ControllerAdvice(assignableTypes = {TaskPages.class, StandardChangePages.class, SignerPages.class})
class SigningPageModel {
    private final SigningPage signingPage;

    SigningPageModel(SigningPage signingPage) {
        this.signingPage = signingPage;
    }

    @ModelAttribute("signingPageUrl")
    String signingPageUrl() {
        return signingPage.url();
    }
}
