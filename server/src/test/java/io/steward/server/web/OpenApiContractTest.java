package io.steward.server.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /api/docs.json is a contract: what a client generated from it sends and expects is what the server
 * takes and answers. Also writes the document to target/openapi/openapi.json, where the
 * api-client-test module generates its client from, and lints it with Redocly CLI's recommended rules.
 */
class OpenApiContractTest extends IntegrationTest {
    /** Pinned: a new linter release may add rules; take it on purpose. */
    static final String REDOCLY = "@redocly/cli@2.77.0";

    private JsonNode doc;
    private String text;

    @BeforeEach
    void fetch() throws IOException {
        HttpResponse<String> r = http().getJson("/api/docs.json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        text = r.body();
        doc = JsonMapper.builder().build().readTree(text);
        Path out = Path.of("target", "openapi", "openapi.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }

    private List<Map.Entry<String, JsonNode>> operations() {
        List<Map.Entry<String, JsonNode>> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                ops.add(Map.entry(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue()));
            }
        }
        assertThat(ops).hasSizeGreaterThan(100);
        return ops;
    }

    @Test
    void serverResolvedArgumentsAreNoParameters() {
        for (Map.Entry<String, JsonNode> op : operations()) {
            for (JsonNode p : op.getValue().path("parameters")) {
                assertThat(p.get("name").asString()).as(op.getKey()).isNotIn("viewer", "principal", "authentication", "httpServletRequest");
                assertThat(p.path("schema").has("$ref")).as(op.getKey() + " " + p).isFalse();
                if (p.get("in").asString().equals("path") && p.get("name").asString().endsWith("Id")) {
                    assertThat(p.get("schema").get("type").asString()).isEqualTo("string");
                    assertThat(p.get("schema").get("format").asString()).as(op.getKey()).isEqualTo("uuid");
                } else if (p.get("in").asString().equals("path")) {
                    assertThat(p.get("schema").path("format").asString("")).as(op.getKey() + " " + p).isNotEqualTo("uuid");
                }
            }
        }
        assertThat(text).doesNotContain("\"name\":\"viewer\"");
        // Typed ids are uuid strings wherever they appear, never objects of their own.
        assertThat(doc.get("components").get("schemas").propertyNames()).doesNotContain("ClientId", "TicketId", "DeviceId", "ExpectedVersion");
        JsonNode put = doc.get("paths").get("/api/v1/clients/{clientId}").get("put");
        assertThat(put.get("parameters").valueStream().filter(p -> p.get("name").asString().equals("If-Match")).toList())
                .singleElement().satisfies(p -> {
                    assertThat(p.get("in").asString()).isEqualTo("header");
                    assertThat(p.get("required").asBoolean()).isTrue();
                });
    }

    @Test
    void eachBodyIsDocumentedAsItsOwnSchema() {
        JsonNode preview = doc.get("paths").get("/api/v1/sla/preview").get("post");
        assertThat(bodyRef(preview)).isEqualTo("SlaPreviewRequest");
        assertThat(schema("SlaPreviewRequest").get("properties").has("start")).isTrue();
        assertThat(schema("SlaPreviewRequest").get("properties").has("tickets")).isFalse();
        assertThat(preview.get("responses").get("200").get("content").get("application/json").get("schema").get("$ref").asString())
                .endsWith("/SlaPreviewResult");
        JsonNode importOp = doc.get("paths").get("/api/v1/tickets/import").get("post");
        assertThat(bodyRef(importOp)).isEqualTo("TicketImportRequest");
        assertThat(schema("TicketImportRequest").get("properties").has("tickets")).isTrue();
        // An API token and an enrollment token are different things with different bodies.
        assertThat(bodyRef(doc.get("paths").get("/api/v1/me/tokens").get("post"))).isEqualTo("MeTokenRequest");
        assertThat(bodyRef(doc.get("paths").get("/api/v1/clients/{clientId}/enrollment-tokens").get("post"))).isEqualTo("DeviceTokenRequest");
        assertThat(SchemaNames.nameOf(io.steward.server.reporting.MonthlyReport.Summary.class)).isEqualTo("MonthlyReportSummary");
        assertThat(doc.get("components").get("schemas").propertyNames()).contains("ImportedTicket", "TicketLink", "StoredReportEntry", "LatestStoredReport");
        // Operation ids name the client's methods: unique by construction, and none numbered by springdoc.
        List<String> ids = operations().stream().map(op -> op.getValue().get("operationId").asString()).toList();
        assertThat(ids).doesNotHaveDuplicates().noneMatch(id -> id.matches(".*\\d$"));
    }

    @Test
    void authenticationAndErrorAnswersAreDeclared() {
        JsonNode schemes = doc.get("components").get("securitySchemes");
        assertThat(schemes.get("apiToken").get("type").asString()).isEqualTo("http");
        assertThat(schemes.get("apiToken").get("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.get("security").toString()).contains("apiToken");
        assertThat(schema("ProblemDetail").get("properties").has("detail")).isTrue();
        for (Map.Entry<String, JsonNode> op : operations()) {
            JsonNode responses = op.getValue().get("responses");
            assertThat(responses.has("401") && responses.has("403")).as(op.getKey()).isTrue();
            assertThat(responses.get("403").get("content").has("application/problem+json")).as(op.getKey()).isTrue();
            if (op.getKey().contains("{")) {
                assertThat(responses.has("404")).as(op.getKey()).isTrue();
            }
            boolean ifMatch = false;
            for (JsonNode p : op.getValue().path("parameters")) {
                ifMatch |= p.get("name").asString().equals("If-Match");
            }
            assertThat(responses.has("412")).as(op.getKey()).isEqualTo(ifMatch);
            assertThat(responses.has("400")).as(op.getKey()).isEqualTo(op.getValue().has("requestBody")
                    || op.getValue().path("parameters").valueStream().anyMatch(p -> p.get("in").asString().equals("query")));
        }
    }

    /** What a client receives as 404 and 412 is what the document says: a problem document. */
    @Test
    void theDocumentedProblemIsWhatTheServerAnswers() {
        HttpResponse<String> r = adminApi().getJson("/api/v1/clients/00000000-0000-0000-0000-000000000000");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode body = JsonMapper.builder().build().readTree(r.body());
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            assertThat(schema("ProblemDetail").get("properties").has(field.getKey())).as(field.getKey()).isTrue();
        }
    }

    @Test
    void redoclyFindsNoErrorInTheDocument() throws Exception {
        Path file = Path.of("target", "openapi", "openapi.json").toAbsolutePath();
        Path log = Path.of("target", "openapi", "redocly-lint.txt").toAbsolutePath();
        Process p = new ProcessBuilder("npx", "--yes", REDOCLY, "lint", "--extends=recommended", "--format=stylish", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("redocly lint finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Woohoo").doesNotContain("error");
    }

    private String bodyRef(JsonNode op) {
        String ref = op.get("requestBody").get("content").get("application/json").get("schema").get("$ref").asString();
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private JsonNode schema(String name) {
        JsonNode s = doc.get("components").get("schemas").get(name);
        assertThat(s).as(name).isNotNull();
        return s;
    }
}
