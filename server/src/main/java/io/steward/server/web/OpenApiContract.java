package io.steward.server.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.steward.server.platform.HttpProblems;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.Viewer;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What /api/docs.json promises beyond what springdoc reads from the controllers, in one place so that
 * the document is a contract a generated client can rely on: the arguments the server resolves
 * itself ({@link Viewer}) are not parameters, schema names are unique ({@link SchemaNames}), the two
 * ways to authenticate are declared and required, and every operation lists the problem answers
 * (RFC 9457) it can give, derived from its shape: a path id can be 404, a body or query can be 400
 * and a body 413, an {@code If-Match} can be 412 or 428, a write can be 409; 401, 403 and 429 apply to all.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiContract {
    static final String BEARER = "apiToken";
    static final String SESSION = "session";
    static final String PROBLEM = "ProblemDetail";
    static final String FIELD_PROBLEM = "FieldProblem";
    static final String FILE_UPLOAD = "FileUpload";

    static {
        // The signed-in caller comes from the security context (ViewerArgumentResolver), never from the request.
        // The If-Match version is read by TypedIdBinding; it is documented as the header it is (below).
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Viewer.class, ExpectedVersion.class);
        // Typed ids travel as their UUID's text.
        TypedIdBinding.IDS.keySet().forEach(type -> SpringDocUtils.getConfig().replaceWithSchema(type, new StringSchema().format("uuid")));
    }

    @Bean
    ModelConverter stewardSchemaNames() {
        return new SchemaNames();
    }

    /**
     * Operation ids are what a generated client names its methods: a controller method's name alone
     * ({@code create}, {@code get}, {@code list}) is shared by many controllers and springdoc numbered
     * them ({@code create3}, {@code get4}). A name used by more than one API method is qualified by its
     * controller ({@code createClient}, {@code listTicket}); a unique one stays as it is.
     */
    @Bean
    OperationCustomizer stewardOperationIds(
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        Map<String, Integer> uses = new java.util.concurrent.ConcurrentHashMap<>();
        return (operation, handler) -> {
            if (uses.isEmpty()) {
                for (HandlerMethod h : mappings.getObject().getHandlerMethods().values()) {
                    if (h.getBeanType().getSimpleName().endsWith("Api")) {
                        uses.merge(h.getMethod().getName(), 1, Integer::sum);
                    }
                }
            }
            if (java.util.Arrays.asList(handler.getMethod().getParameterTypes()).contains(ExpectedVersion.class)) {
                operation.addParametersItem(new Parameter().in("header").name("If-Match").required(true).schema(new StringSchema())
                        .description("The ETag of the item as read, such as \"3\": 428 without it, 412 when the item changed since."));
            }
            String name = handler.getMethod().getName();
            if (uses.getOrDefault(name, 0) > 1) {
                operation.setOperationId(name + handler.getBeanType().getSimpleName().replaceFirst("Api$", ""));
            }
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer stewardContract() {
        return OpenApiContract::customize;
    }

    static void customize(OpenAPI api) {
        api.info(new Info().title("Steward API").version("v1")
                .description("Service desk, RMM and reporting for managed service providers. Authenticate with an API token "
                        + "(Authorization: Bearer stw_..., made on your profile page) or, from a browser, the session cookie "
                        + "together with the X-CSRF-TOKEN header on writes. Errors are RFC 9457 problem documents."));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.components(components);
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API token: Authorization: Bearer stw_..."));
        components.addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.COOKIE)
                .name("STEWARD_SESSION").description("The browser session after signing in; writes also need the X-CSRF-TOKEN header."));
        api.security(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(SESSION)));
        components.addSchemas(FIELD_PROBLEM, fieldProblem());
        components.addSchemas(PROBLEM, problem());
        components.addSchemas(FILE_UPLOAD, new ObjectSchema().description("A file sent as multipart/form-data.")
                .addProperty("file", new StringSchema().format("binary")));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> document(path, method, op)));
    }

    private static void document(String path, PathItem.HttpMethod method, Operation op) {
        List<Parameter> parameters = op.getParameters() == null ? List.of() : op.getParameters();
        for (Parameter p : parameters) {
            // Path ids are UUIDs (typed ids in the code); a malformed or invisible one answers 404.
            if ("path".equals(p.getIn()) && p.getName().endsWith("Id")) {
                // A new schema: springdoc shares one String schema between parameters.
                p.setSchema(new StringSchema().format("uuid"));
            }
        }
        if (op.getRequestBody() != null) {
            describeFiles(op.getRequestBody().getContent());
        }
        if (op.getResponses() != null) {
            op.getResponses().values().forEach(r -> describeFiles(r.getContent()));
        }
        boolean body = op.getRequestBody() != null;
        boolean query = parameters.stream().anyMatch(p -> "query".equals(p.getIn()));
        boolean ifMatch = parameters.stream().anyMatch(p -> "header".equals(p.getIn()) && "If-Match".equalsIgnoreCase(p.getName()));
        boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        Map<String, String> errors = new LinkedHashMap<>();
        if (body || query) {
            errors.put("400", "The input is not valid; errors lists the fields at fault.");
        }
        errors.put("401", "Not authenticated: no or an unknown API token, or no session.");
        errors.put("403", "The caller's role may not do this, or the API token is read-only.");
        if (path.contains("{")) {
            errors.put("404", "No such item, or not one the caller may see.");
        }
        if (write) {
            errors.put("409", "The change conflicts with the item's state or with existing data.");
        }
        if (ifMatch) {
            errors.put("412", "The item changed since it was read: If-Match does not match its current version (the ETag).");
        }
        if (body) {
            errors.put("413", "The request body is too large.");
        }
        if (ifMatch) {
            errors.put("428", "If-Match is required: send the ETag of the item as read.");
        }
        errors.put("429", "Too many failed authentication attempts from this address.");
        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        op.responses(responses);
        errors.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                        .addMediaType(HttpProblems.MEDIA_TYPE, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
            }
        });
        // Keep the answers in status order, as readers and generators expect.
        ApiResponses sorted = new ApiResponses();
        new TreeSet<>(responses.keySet()).forEach(k -> sorted.addApiResponse(k, responses.get(k)));
        op.responses(sorted);
    }

    /**
     * Images, PDFs and CSV travel as raw bytes: without a schema a generator cannot type them, and
     * springdoc describes byte[] as base64 text (format byte), which they are not.
     */
    private static void describeFiles(Content content) {
        if (content == null) {
            return;
        }
        content.forEach((type, media) -> {
            boolean json = type.equals("application/json") || type.endsWith("+json");
            if (type.equals("multipart/form-data")) {
                if (media.getSchema() == null) {
                    media.schema(new Schema<>().$ref("#/components/schemas/" + FILE_UPLOAD));
                }
            } else if (!json && (media.getSchema() == null || "byte".equals(media.getSchema().getFormat()))) {
                media.schema(new StringSchema().format("binary"));
            }
        });
    }

    private static Schema<?> fieldProblem() {
        return new ObjectSchema().description("One input field at fault.")
                .addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema());
    }

    private static Schema<?> problem() {
        Schema<?> s = new ObjectSchema().description("An RFC 9457 problem document, as every error of the API is answered.")
                .addProperty("type", new StringSchema().format("uri-reference").example("about:blank"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("requestId", new StringSchema().description("Names the request in the server's log (X-Request-Id)."))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + FIELD_PROBLEM)))
                .addProperty("currentVersion", new IntegerSchema().description("On 412: the item's current version."))
                .addProperty("current", new ObjectSchema().description("On 412: the item as it is now."));
        s.setAdditionalProperties(Boolean.TRUE);
        return s;
    }
}
