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

    @GetMapping("/api/v1/me/notifications")
    @ResponseBody
    @Operation(summary = "My latest notifications, newest first")
    List<Notification> list(Viewer viewer) {
        return notifications.recent(viewer);
    }

    @PostMapping("/api/v1/me/notifications/{notificationId}/read")
    @ResponseBody
    @Operation(summary = "Mark one of my notifications read")
    ResponseEntity<Void> read(Viewer viewer, @PathVariable String notificationId) {
        notifications.markRead(viewer, Ids.parseUuid(notificationId));
        return ResponseEntity.noContent().build();
    }
}
