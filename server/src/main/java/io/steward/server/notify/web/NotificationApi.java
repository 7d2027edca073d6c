package io.steward.server.notify.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.Notification;
import io.steward.server.notify.NotificationPreference;
import io.steward.server.notify.NotificationPreferenceChange;
import io.steward.server.notify.NotificationPreferences;
import io.steward.server.notify.NotificationService;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** My notifications and their preferences over JSON; errors are problem+json. */
@RestController
@Tag(name = "Me")
class NotificationApi {
    private final NotificationService notifications;
    private final NotificationPreferences preferences;

    NotificationApi(NotificationService notifications, NotificationPreferences preferences) {
        this.notifications = notifications;
        this.preferences = preferences;
    }

    @GetMapping("/api/v1/me/notifications")
    @Operation(summary = "My latest notifications (at most 100), newest first; unread=true for the unread ones only")
    List<Notification> list(Viewer viewer, @RequestParam(defaultValue = "false") boolean unread) {
        return notifications.recent(viewer, unread);
    }

    @GetMapping("/api/v1/me/notifications/unread-count")
    @Operation(summary = "How many of my notifications are unread")
    Map<String, Long> unreadCount(Viewer viewer) {
        return Map.of("unread", notifications.unread(viewer));
    }

    @PostMapping("/api/v1/me/notifications/{notificationId}/read")
    @Operation(summary = "Mark one of my notifications read")
    ResponseEntity<Void> read(Viewer viewer, @PathVariable UUID notificationId) {
        notifications.markRead(viewer, notificationId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/me/notifications/read-all")
    @Operation(summary = "Mark all my notifications read; answers how many were unread")
    Map<String, Integer> readAll(Viewer viewer) {
        return Map.of("marked", notifications.markAllRead(viewer));
    }

    @GetMapping("/api/v1/me/notification-preferences")
    @Operation(summary = "My notification preferences: every kind, in the app and by email (email is sent once the email channel exists)")
    List<NotificationPreference> preferences(Viewer viewer) {
        return preferences.of(viewer);
    }

    @PutMapping("/api/v1/me/notification-preferences")
    @Operation(summary = "Change my preferences for the given kinds (a missing inApp or email keeps its value); an unknown kind is a 400")
    List<NotificationPreference> changePreferences(Viewer viewer, @RequestBody List<NotificationPreferenceChange> changes) {
        return preferences.change(viewer, changes);
    }
}
