package io.steward.server.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.steward.server.shared.ApiTokenId;
import io.steward.server.shared.CalendarId;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.ContractId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.EnrollmentTokenId;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.SiteId;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.TierId;
import io.steward.server.shared.UserId;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Binds, once for every controller, the typed ids of paths and parameters ({@code @PathVariable
 * ClientId clientId}) and the {@code If-Match} of updates ({@link ExpectedVersion}). A path id is
 * checked by the PathIdInterceptor before binding, so a malformed or invisible one is a 404 before
 * these converters see it.
 */
@Configuration(proxyBeanMethods = false)
class TypedIdBinding implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    /** Every typed id and how it is read from text; the OpenAPI document describes each as a uuid string. */
    static final Map<Class<?>, Function<String, ?>> IDS = Map.ofEntries(
            Map.entry(ApiTokenId.class, (Function<String, ?>) ApiTokenId::parse),
            Map.entry(CalendarId.class, (Function<String, ?>) CalendarId::parse),
            Map.entry(ClientId.class, (Function<String, ?>) ClientId::parse),
            Map.entry(ContactId.class, (Function<String, ?>) ContactId::parse),
            Map.entry(ContractId.class, (Function<String, ?>) ContractId::parse),
            Map.entry(DeviceId.class, (Function<String, ?>) DeviceId::parse),
            Map.entry(EnrollmentTokenId.class, (Function<String, ?>) EnrollmentTokenId::parse),
            Map.entry(SiteId.class, (Function<String, ?>) SiteId::parse),
            Map.entry(TicketId.class, (Function<String, ?>) TicketId::parse),
            Map.entry(TierId.class, (Function<String, ?>) TierId::parse),
            Map.entry(UserId.class, (Function<String, ?>) UserId::parse));

    @Override
    public void addFormatters(FormatterRegistry registry) {
        IDS.forEach((type, parse) -> register(registry, type, parse));
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(FormatterRegistry registry, Class<T> type, Function<String, ?> parse) {
        registry.addConverter(String.class, type, text -> (T) parse.apply(text));
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ExpectedVersion.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        return new ExpectedVersion(IfMatch.required(request.getHeader("If-Match")));
    }
}
