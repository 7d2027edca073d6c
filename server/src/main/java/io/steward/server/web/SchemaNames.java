package io.steward.server.web;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Names the OpenAPI schema of each of our types so that no two types share a name. A record nested
 * in another type is named after both ({@code SlaPreview.Request} is {@code SlaPreviewRequest},
 * {@code MeApi.TokenRequest} is {@code MeTokenRequest}), because nested names such as
 * {@code Request} or {@code Window} say nothing alone and collide: the document kept one of each and
 * described the others' bodies wrongly. Two types that still map to one name fail the document
 * (500 on /api/docs.json), so a collision cannot slip into the contract unseen.
 */
final class SchemaNames implements ModelConverter {
    private static final String OURS = "io.steward.";

    /** Where enclosing and nested names together still read badly; keyed by binary name, as some are module-private. */
    private static final Map<String, String> CHOSEN = Map.of(
            "io.steward.server.servicedesk.TicketImport$Imported", "ImportedTicket",
            "io.steward.server.servicedesk.TicketLinks$Link", "TicketLink",
            "io.steward.server.servicedesk.web.TicketLinkApi$NewLink", "NewTicketLink",
            "io.steward.server.reporting.internal.StoredReports$Listed", "StoredReportEntry",
            "io.steward.server.reporting.dashboard.LatestReport$StoredReport", "LatestStoredReport");

    private final Map<String, Class<?>> owners = new ConcurrentHashMap<>();

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (type.getType() != null) {
            JavaType javaType = Json.mapper().constructType(type.getType());
            Class<?> raw = javaType.getRawClass();
            if (raw.getName().startsWith(OURS) && !raw.isEnum() && !javaType.isContainerType() && !javaType.hasGenericTypes()
                    && !raw.isAnnotationPresent(io.swagger.v3.oas.annotations.media.Schema.class)) {
                String name = type.getName() == null || type.getName().isBlank() ? nameOf(raw) : type.getName();
                claim(name, raw);
                if (type.getName() == null || type.getName().isBlank()) {
                    type.name(name);
                }
            }
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }

    private void claim(String name, Class<?> type) {
        Class<?> owner = owners.putIfAbsent(name, type);
        if (owner != null && owner != type) {
            throw new IllegalStateException("Two types would share the OpenAPI schema name " + name + ": " + owner.getName()
                    + " and " + type.getName() + "; rename one of them");
        }
    }

    /** The schema name of one of our types: its simple name, prefixed by its enclosing type's for nested types. */
    static String nameOf(Class<?> type) {
        String chosen = CHOSEN.get(type.getName());
        if (chosen != null) {
            return chosen;
        }
        Class<?> enclosing = type.getEnclosingClass();
        if (enclosing == null) {
            return type.getSimpleName();
        }
        // The agent protocol's records live in one holder class; name them after who sends them.
        String outer = enclosing == io.steward.protocol.Messages.class ? "Agent" : nameOf(enclosing).replaceFirst("(Api|Service)$", "");
        String inner = type.getSimpleName();
        if (inner.startsWith(outer)) {
            return inner;
        }
        if (outer.endsWith(inner)) {
            return outer;
        }
        return outer + inner;
    }
}
