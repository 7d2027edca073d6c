package io.steward.server.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Runs the {@link PathIdGuard} (one, fed by every module's {@link io.steward.server.shared.PathIdRules}) over a request's path variables before the handler's arguments
 * are resolved. A variable that names an item ({@code ...Id}) but that no guard knows fails the
 * request: an unguarded id is a bug, never an open door.
 */
@Configuration(proxyBeanMethods = false)
class PathIdInterceptor implements HandlerInterceptor, WebMvcConfigurer {
    private final Map<String, PathIdGuard> guards = new HashMap<>();

    PathIdInterceptor(List<PathIdGuard> all) {
        for (PathIdGuard g : all) {
            for (String v : g.variables()) {
                if (guards.put(v, g) != null) {
                    throw new IllegalStateException("two guards for path variable " + v);
                }
            }
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod)) {
            return true;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables == null || variables.isEmpty()) {
            return true;
        }
        Viewer viewer = Viewer.current().orElseThrow(() -> new NotFoundException("No such page."));
        for (Map.Entry<String, String> v : variables.entrySet()) {
            PathIdGuard guard = guards.get(v.getKey());
            if (guard == null) {
                if (v.getKey().endsWith("Id")) {
                    throw new IllegalStateException("no PathIdGuard for path variable " + v.getKey());
                }
                continue;
            }
            if (!guard.visible(viewer, v.getKey(), v.getValue())) {
                throw new NotFoundException("No such item.");
            }
        }
        return true;
    }
}
