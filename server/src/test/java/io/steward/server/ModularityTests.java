package io.steward.server;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/** Modules talk only through each other's API packages, without cycles. */
class ModularityTests {
    static final ApplicationModules MODULES = ApplicationModules.of(StewardApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void theArchitectureModulesExist() {
        assertThat(MODULES.stream().map(m -> m.getIdentifier().toString()))
                .contains("shared", "platform", "tenancy", "identity", "audit", "web", "demo", "reporting");
    }
}
