package io.steward.server.compliance;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * NIST's official OSCAL 1.1.2 JSON schemas, as the liboscal-java jar (Maven Central, test scope) carries them, with a
 * JSON Schema (draft 7) validator.
 */
public final class OscalSchemas {
    private OscalSchemas() {
    }

    public static Schema assessmentResults() {
        return load("schema/json/oscal-ar_schema.json");
    }

    public static Schema catalog() {
        return load("schema/json/oscal-catalog_schema.json");
    }

    /** The validation errors of {@code document}, each as text; empty when valid. */
    public static List<String> errors(Schema schema, JsonNode document) {
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    private static Schema load(String resource) {
        try (InputStream in = OscalSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path (liboscal-java)");
            }
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            // The schema names its own dialect (draft 7); the check below makes sure it is still the 1.1.2 schema we mean.
            if (!text.contains("http://json-schema.org/draft-07/schema#") || !text.contains("1.1.2")) {
                throw new IllegalStateException(resource + " is not the OSCAL 1.1.2 draft-07 schema");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
