package io.steward.server.notify.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.notify.NotificationKind;
import io.steward.server.notify.NotificationPreferenceChange;
import io.steward.server.notify.NotificationPreferences;
import io.steward.server.notify.NotificationService;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The signed-in user's notifications, the header bell's count, and the notification preferences page. */
@Controller
class NotificationPages {
    private final NotificationService notifications;
    private final NotificationPreferences preferences;

    NotificationPages(NotificationService notifications, NotificationPreferences preferences) {
        this.notifications = notifications;
        this.preferences = preferences;
    }

    @GetMapping("/notifications")
    String page(Viewer viewer, Model model) {
        model.addAttribute("notifications", notifications.recent(viewer));
        return "notifications";
    }

    /** The bell alone, which the layout polls so the count rises without a reload. */
    @GetMapping("/notifications/count")
    String count(Viewer viewer, Model model) {
        model.addAttribute(UnreadCountAdvice.ATTRIBUTE, notifications.unread(viewer));
        return "notification-bell :: bell";
    }

    /** Marks the notification read and goes to what it is about (or back to the list when it is about nothing). */
    @PostMapping("/notifications/{notificationId}/open")
    String open(Viewer viewer, @PathVariable UUID notificationId) {
        String link = notifications.open(viewer, notificationId);
        return "redirect:" + (link == null ? "/notifications" : link);
    }

    @PostMapping("/notifications/read")
    String readAll(Viewer viewer) {
        notifications.markAllRead(viewer);
        return "redirect:/notifications";
    }

    @GetMapping("/account/notifications")
    String preferences(Viewer viewer, Model model) {
        model.addAttribute("preferences", preferences.of(viewer));
        return "account/notifications";
    }

    /** The form sends a checkbox per kind and channel that is on; a kind's missing box means off. */
    @PostMapping("/account/notifications")
    String savePreferences(Viewer viewer, @RequestParam Map<String, String> form, RedirectAttributes flash) {
        List<NotificationPreferenceChange> changes = new ArrayList<>();
        for (NotificationKind k : NotificationKind.values()) {
            changes.add(new NotificationPreferenceChange(k.name(), form.containsKey("inApp." + k.name()), form.containsKey("email." + k.name())));
        }
        preferences.change(viewer, changes);
        flash.addFlashAttribute("notice", "Your notification preferences were saved.");
        return "redirect:/account/notifications";
    }
}
