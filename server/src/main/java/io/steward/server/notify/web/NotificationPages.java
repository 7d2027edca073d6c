package io.steward.server.notify.web;

import java.util.List;

import io.steward.server.notify.Notification;
import io.steward.server.notify.NotificationService;
import io.steward.server.shared.Ids;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The signed-in user's notifications, as a page and over the API. */
@Controller
@Tag(name = "Me")
class NotificationPages {
    private final NotificationService notifications;

    NotificationPages(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/notifications")
    String page(Viewer viewer, Model model) {
        model.addAttribute("notifications", notifications.recent(viewer));
        return "notifications";
    }

    @PostMapping("/notifications/read")
    String readAll(Viewer viewer) {
        notifications.markAllRead(viewer);
        return "redirect:/notifications";
    }
}
