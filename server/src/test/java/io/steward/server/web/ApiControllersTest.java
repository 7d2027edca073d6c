package io.steward.server.web;

import java.util.List;

import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every /api route lives on a {@code @RestController}: errors of page controllers are rendered as
 * HTML pages (and a failed {@code @Valid} body there fell through to a 500), so an API method on a
 * page controller would answer its errors without problem+json.
 */
class ApiControllersTest extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void apiRoutesAreServedByRestControllersOnly() {
        List<String> onPageControllers = mappings.getHandlerMethods().entrySet().stream()
                .filter(e -> e.getValue().getBeanType().getName().startsWith("io.steward."))
                .filter(e -> e.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/")))
                .filter(e -> !AnnotatedElementUtils.hasAnnotation(e.getValue().getBeanType(), RestController.class))
                .map(e -> e.getValue().getBeanType().getSimpleName() + " " + e.getKey().getPatternValues())
                .toList();
        assertThat(mappings.getHandlerMethods()).isNotEmpty();
        assertThat(onPageControllers).isEmpty();
    }

    @Test
    void anInvalidBodyOnAFormerPageControllerRouteIsProblemJson() {
        var r = adminApi().json("POST", "/api/v1/alert-policies", "{\"name\":\"x\",\"metric\":\"Bad Metric\",\"comparison\":\"ABOVE\",\"threshold\":1,"
                + "\"recoveryThreshold\":0,\"severity\":\"WARNING\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"field\":\"metric\"");
    }
}
