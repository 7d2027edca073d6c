package io.steward.server.compliance.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.compliance.ComplianceProperties;
import io.steward.server.compliance.Facts;
import io.steward.server.compliance.Framework;
import io.steward.server.compliance.OscalSchemas;
import io.steward.server.platform.StartupProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalogue files: official OSCAL catalog JSON, every fact mapped, and a malformed or dangling file stops the start. */
class CataloguesTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static ComplianceProperties properties(Path dir) {
        return new ComplianceProperties(Duration.ofDays(1), dir, 30, Duration.ofHours(1), 1_000_000L);
    }

    @Test
    void builtInCataloguesAreValidOscalCatalogs() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:compliance/catalogs/*.json");
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        var schema = OscalSchemas.catalog();
        for (Resource r : files) {
            try (InputStream in = r.getInputStream()) {
                assertThat(OscalSchemas.errors(schema, JSON.readTree(in))).as(r.getFilename()).isEmpty();
            }
        }
    }

    @Test
    void loadsTheThreeFrameworksAndMapsEveryFact() {
        Catalogues c = new Catalogues(JSON, properties(null));
        assertThat(c.all()).extracting(Framework::id).contains("nist-csf-2.0", "nist-sp-800-53-r5", "hipaa-security-technical");
        Framework nist = c.framework("nist-sp-800-53-r5").orElseThrow();
        Set<String> ids = nist.controls().stream().map(x -> x.id()).collect(Collectors.toSet());
        assertThat(ids).contains("ac-2", "ac-7", "au-9", "cm-6", "cm-7", "cp-4", "cp-9", "cp-10", "ia-2.1", "ra-5", "sc-7", "sc-28", "si-2", "si-3", "si-4");
        assertThat(nist.controls().stream().filter(x -> x.id().equals("ia-2.1")).findFirst().orElseThrow().label()).isEqualTo("IA-2(1)");
        Framework hipaa = c.framework("hipaa-security-technical").orElseThrow();
        assertThat(hipaa.controls()).extracting(x -> x.label()).contains("164.312(a)(1)", "164.312(b)", "164.312(c)(1)", "164.312(d)",
                "164.312(e)(1)", "164.312(e)(2)(ii)");
        for (String fact : Catalogues.knownFacts()) {
            assertThat(c.controlsOf(fact, "nist-sp-800-53-r5")).as(fact).isNotEmpty();
            assertThat(c.controlsOf(fact, "nist-csf-2.0")).as(fact).isNotEmpty();
        }
        assertThat(Catalogues.knownFacts()).containsAll(Facts.SERVICE_FACTS)
                .containsAll(SecurityCheckMessages.CHECKS.stream().map(x -> Facts.SECURITY_PREFIX + x).toList());
        assertThat(c.factsByControl("nist-sp-800-53-r5").get("cp-9")).contains(Facts.BACKUP_RPO_MET, Facts.BACKUP_COVERAGE);
    }

    @Test
    void aNewFileInTheDirectoryIsANewFramework(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("acme-baseline.json"), """
                {"catalog": {"uuid": "8a3a1f5e-3c1a-4b7e-9d51-0c2c1a2b3c4d", "metadata": {"title": "ACME baseline", "last-modified": "2026-01-01T00:00:00Z",
                  "version": "1", "oscal-version": "1.1.2"}, "controls": [{"id": "acme-1", "title": "Backups are tested"}]}}""");
        Files.writeString(dir.resolve("mappings.json"), """
                {"facts": {"backup.restore-tested": {"acme-baseline": ["acme-1"]}}}""");
        Catalogues c = new Catalogues(JSON, properties(dir));
        assertThat(c.framework("acme-baseline").orElseThrow().controls()).extracting(x -> x.label()).containsExactly("ACME-1");
        assertThat(c.controlsOf(Facts.BACKUP_RESTORE_TESTED, "acme-baseline")).containsExactly("acme-1");
        assertThat(c.controlsOf(Facts.BACKUP_RESTORE_TESTED, "nist-sp-800-53-r5")).contains("cp-4");
    }

    @Test
    void malformedFilesStopTheStartNamingTheFileAndFault(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"catalog\": {\"metadata\": {\"title\": \"x\"}, \"controls\": [{\"id\": \"1-bad\", \"title\": \"t\"}]}}");
        assertThatThrownBy(() -> new Catalogues(JSON, properties(dir))).isInstanceOf(StartupProblem.class)
                .hasMessageContaining("broken.json").hasMessageContaining("1-bad");
        Files.writeString(bad, "{not json");
        assertThatThrownBy(() -> new Catalogues(JSON, properties(dir))).isInstanceOf(StartupProblem.class)
                .hasMessageContaining("broken.json").hasMessageContaining("not valid JSON");
        Files.writeString(bad, "{\"catalog\": {\"metadata\": {\"title\": \"x\"}, \"controls\": [{\"id\": \"a\", \"title\": \"t\"}, {\"id\": \"a\", \"title\": \"u\"}]}}");
        assertThatThrownBy(() -> new Catalogues(JSON, properties(dir))).isInstanceOf(StartupProblem.class).hasMessageContaining("twice");
        Files.delete(bad);
        Files.writeString(dir.resolve("mappings.json"), "{\"facts\": {\"security.firewall\": {\"nist-sp-800-53-r5\": [\"zz-99\"]}}}");
        assertThatThrownBy(() -> new Catalogues(JSON, properties(dir))).isInstanceOf(StartupProblem.class).hasMessageContaining("zz-99");
        Files.writeString(dir.resolve("mappings.json"), "{\"facts\": {\"security.no-such-check\": {\"nist-sp-800-53-r5\": [\"ac-2\"]}}}");
        assertThatThrownBy(() -> new Catalogues(JSON, properties(dir))).isInstanceOf(StartupProblem.class).hasMessageContaining("no-such-check");
        assertThat(List.of(dir.toFile().list())).contains("mappings.json");
    }
}
