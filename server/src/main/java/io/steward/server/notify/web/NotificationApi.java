package io.steward.server.notify.web;
import java.util.UUID;
import java.util.List;
import io.steward.server.notify.Notification;
import io.steward.server.notify.NotificationService;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** My notifications over JSON; errors are problem+json. */
@RestController
@Tag(name = "Me")
class NotificationApi {
    private final NotificationService notifications;

    NotificationApi(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/api/v1/me/notifications")
    @Operation(summary = "My latest notifications, newest first")
    List<Notification> list(Viewer viewer) {
        return notifications.recent(viewer);
    }

    @PostMapping("/api/v1/me/notifications/{notificationId}/read")
    @Operation(summary = "Mark one of my notifications read")
    ResponseEntity<Void> read(Viewer viewer, @PathVariable UUID notificationId) {
        notifications.markRead(viewer, notificationId);
        return ResponseEntity.noContent().build();
    }
}
