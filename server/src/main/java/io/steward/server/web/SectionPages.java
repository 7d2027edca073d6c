package io.steward.server.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Navigation sections whose modules are still to come: they say so instead of failing. */
@Controller
class SectionPages {

    @GetMapping("/reports")
    String reports(Model model) {
        return coming(model, "reports", "Reports", "Monthly service reports for each client, as page and PDF.");
    }

    private static String coming(Model model, String section, String heading, String blurb) {
        model.addAttribute("section", section);
        model.addAttribute("heading", heading);
        model.addAttribute("blurb", blurb);
        return "coming";
    }
}
