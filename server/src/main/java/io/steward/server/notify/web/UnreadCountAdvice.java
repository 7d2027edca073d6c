package io.steward.server.notify.web;

import io.steward.server.notify.NotificationService;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The unread count the layout shows beside the staff navigation. */
@ControllerAdvice(annotations = Controller.class)
class UnreadCountAdvice {
    private final NotificationService notifications;

    UnreadCountAdvice(NotificationService notifications) {
        this.notifications = notifications;
    }

    @ModelAttribute("unreadNotifications")
    Long unread() {
        return Viewer.current().filter(Viewer::isStaff).map(notifications::unread).orElse(null);
    }
}
