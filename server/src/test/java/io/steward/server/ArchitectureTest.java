package io.steward.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules the compiler cannot check: no Spring in the agent or protocol, constructor injection only,
 * the pure rule classes (SLA clock, business time, priority matrix, ticket moves, alert state machine,
 * forecasts) stay plain Java (no Spring, no I/O, no reading the system clock, so they can be tested at
 * any instant), a module's root package holds no SQL, and no class grows past 400 lines.
 */
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

    /** The classes that decide business rules from their inputs alone (besides the whole SLA clock package); each is tested as a plain class. */
    static final Class<?>[] PURE_RULES = {
            io.steward.server.contracts.BusinessTime.class, io.steward.server.contracts.CoverageCalendar.class,
            io.steward.server.servicedesk.PriorityMatrix.class, io.steward.server.servicedesk.TicketLifecycle.class,
            io.steward.server.servicedesk.Ticket.class,
            io.steward.server.alerting.AlertCondition.class, io.steward.server.alerting.internal.AlertStateMachine.class,
            io.steward.server.alerting.internal.MetricWindow.class, io.steward.server.alerting.internal.RecurringWindow.class,
            io.steward.server.alerting.internal.PolicyResolver.class, io.steward.server.alerting.internal.DiskFillForecast.class,
            io.steward.server.alerting.ForecastHistory.class, io.steward.server.alerting.internal.inbound.InboundSeverity.class,
            io.steward.server.alerting.internal.inbound.AlertHosts.class,
            io.steward.server.reporting.DiskFullForecast.class, io.steward.server.devices.GroupRule.class,
            io.steward.server.automation.internal.library.ParameterValues.class,
            io.steward.server.automation.internal.library.ParameterDefinitions.class,
            io.steward.server.automation.internal.library.LineDiff.class,
            io.steward.server.patching.SecurityDeadline.class, io.steward.server.patching.PatchCycle.class,
            io.steward.server.patching.Compliance.class, io.steward.server.backup.RpoRule.class,
            io.steward.server.security.CheckEpisodes.class, io.steward.server.security.DetectionTimes.class};

    @Test
    void pureRuleClassesUseNeitherSpringNorIoNorTheSystemClock() {
        noClasses().that().resideInAPackage("io.steward.server.servicedesk.sla..").or().belongToAnyOf(PURE_RULES)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..", "java.io..",
                        "java.nio.file..", "java.net..", "java.sql..", "javax.sql..", "java.net.http..")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(java.time.Clock.class, "system", java.time.ZoneId.class)
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .because("rule classes decide from their inputs (an explicit instant or an injected Clock) and touch no database, file or network")
                .check(SERVER);
    }

    /**
     * A module's root package is its API (facades, records, events): the SQL lives in {@code internal}. The shared
     * kernel and the platform are infrastructure, not business modules, and are left out.
     */
    @Test
    void rootPackagesOfModulesHoldNoSql() {
        noClasses().that().resideInAPackage("io.steward.server.*")
                .and().resideOutsideOfPackages("io.steward.server.shared", "io.steward.server.platform")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "javax.sql..", "java.sql..")
                .because("a module's root package is its API; its SQL belongs in the module's internal repositories")
                .check(SERVER);
    }

    /** Classes stay small enough to read in one sitting; ArchUnit sees bytecode, not source lines, so this counts the files. */
    @Test
    void noMainSourceFileIsLongerThan400Lines() throws java.io.IOException {
        java.nio.file.Path main = java.nio.file.Path.of(System.getProperty("basedir", "."), "src", "main", "java");
        assertThat(main).as("the server's sources, from the module directory").isDirectory();
        java.util.List<java.nio.file.Path> files;
        try (var walk = java.nio.file.Files.walk(main)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).toList();
        }
        java.util.List<String> tooLong = new java.util.ArrayList<>();
        for (java.nio.file.Path f : files) {
            long lines;
            try (var l = java.nio.file.Files.lines(f)) {
                lines = l.count();
            }
            if (lines > 400) {
                tooLong.add(main.relativize(f) + " (" + lines + " lines)");
            }
        }
        assertThat(files).as("source files found").hasSizeGreaterThan(100);
        assertThat(tooLong).as("classes over 400 lines: split them by responsibility").isEmpty();
    }
}
