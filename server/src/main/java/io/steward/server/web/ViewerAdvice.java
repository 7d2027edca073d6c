package io.steward.server.web;

import io.steward.server.shared.Viewer;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in viewer (or null) in every page model for the layout. */
@ControllerAdvice
class ViewerAdvice {
    @ModelAttribute("viewer")
    Viewer viewer() {
        return Viewer.current().orElse(null);
    }
}
