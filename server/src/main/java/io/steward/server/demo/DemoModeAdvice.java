package io.steward.server.demo;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Tells every page whether this server runs the demo ({@code demoMode}), so a page can say where the demo differs from
 * a real install: the standard-change and signer pages say that the demo's approvals were made with software keys.
 */
@ControllerAdvice
class DemoModeAdvice {
    private final DemoProperties demo;

    DemoModeAdvice(DemoProperties demo) {
        this.demo = demo;
    }

    @ModelAttribute("demoMode")
    boolean demoMode() {
        return demo.enabled();
    }
}
