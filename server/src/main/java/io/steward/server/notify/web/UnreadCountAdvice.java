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
 * The unread count the layout shows beside the staff navigation. Added after the handler and only
 * when a page is about to render: a model attribute advice would also run (and query) for every
 * API call and redirect.
 */
@Configuration(proxyBeanMethods = false)
class UnreadCountAdvice implements WebMvcConfigurer, HandlerInterceptor {
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
        if (page == null || !page.isReference() || page.getViewName() == null || page.getViewName().startsWith("redirect:")) {
            return;
        }
        Viewer.current().filter(Viewer::isStaff).ifPresent(v -> page.addObject("unreadNotifications", notifications.unread(v)));
    }
}
