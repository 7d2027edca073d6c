package io.steward.server.notify.web;

import io.steward.server.notify.NotificationService;
import io.steward.server.shared.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The unread count the layout's bell shows for staff. Added after the handler and only when a page is about to
 * render: a model attribute advice would also run (and query) for every API call and redirect. A handler that
 * counted already (the bell's own fragment) is left alone.
 */
@Configuration(proxyBeanMethods = false)
class UnreadCountAdvice implements WebMvcConfigurer, HandlerInterceptor {
    static final String ATTRIBUTE = "unreadNotifications";

    private final NotificationService notifications;

    UnreadCountAdvice(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView page) {
        if (page == null || !page.isReference() || page.getViewName() == null || page.getViewName().startsWith("redirect:")
                || page.getModel().containsKey(ATTRIBUTE)) {
            return;
        }
        Viewer.current().filter(Viewer::isStaff).ifPresent(v -> page.addObject(ATTRIBUTE, notifications.unread(v)));
    }
}
