package io.steward.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules the compiler cannot check: no Spring in the agent or protocol, constructor injection only. */
class ArchitectureTest {
    static final JavaClasses AGENT_SIDE = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.steward.protocol", "io.steward.agent");
    static final JavaClasses SERVER = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.steward.server");

    @Test
    void protocolAndAgentDoNotUseSpring() {
        assertThat(AGENT_SIDE.stream().map(c -> c.getPackageName()))
                .as("the agent-side classes were found on the class path")
                .anyMatch(p -> p.startsWith("io.steward.protocol"))
                .anyMatch(p -> p.startsWith("io.steward.agent"));
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..")
                .check(AGENT_SIDE);
    }

    @Test
    void noFieldInjection() {
        noFields().should().beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired").check(SERVER);
    }

    @Test
    void domainCodeDoesNotReadTheSystemClock() {
        noClasses().should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .check(SERVER);
    }
}
