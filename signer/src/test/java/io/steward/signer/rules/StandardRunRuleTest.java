package io.steward.signer.rules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;
import io.steward.signer.Refusal;

/** A standard run carries exactly the change's parameters: same names, deliveries and order, each once. */
class StandardRunRuleTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final UUID CLIENT = UUID.randomUUID();
    static final String SCRIPT = "c".repeat(64);
    final StandardRunRule rule = new StandardRunRule();
    final StandardChangeSpec change = new StandardChangeSpec(UUID.randomUUID(), UUID.randomUUID(), "Copy", SCRIPT, "bash", "", 120, 65536,
            List.of(new StandardChangeSpec.Allowed("source", Parameter.Delivery.ARGUMENT, List.of("/tmp/a", "/tmp/b")),
                    new StandardChangeSpec.Allowed("target", Parameter.Delivery.ARGUMENT, List.of("/tmp/a", "/tmp/b")),
                    new StandardChangeSpec.Allowed("MODE", Parameter.Delivery.ENVIRONMENT, List.of("dry", "real"))),
            CLIENT, NOW.plus(Duration.ofDays(10)));

    private TaskSpec task(Parameter... parameters) {
        return new TaskSpec(UUID.randomUUID(), CLIENT, UUID.randomUUID(), "Copy", SCRIPT, "bash", "", 60, 65536, List.of(parameters),
                List.of(UUID.randomUUID()), "now", NOW, NOW.plus(Duration.ofHours(2)), 1, 1, change.id());
    }

    private static Parameter arg(String name, String value) {
        return new Parameter(name, Parameter.Delivery.ARGUMENT, value);
    }

    private static Parameter env(String name, String value) {
        return new Parameter(name, Parameter.Delivery.ENVIRONMENT, value);
    }

    @Test
    void exactlyTheChangesParametersInItsOrderPass() {
        assertThatCode(() -> rule.check(task(arg("source", "/tmp/a"), arg("target", "/tmp/b"), env("MODE", "real")), change, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void reorderedArgumentsAreRefusedEvenWhenEveryValueIsAllowed() {
        // Swapping the two positional arguments would copy the other way round: values allowed, meaning not approved.
        assertThatThrownBy(() -> rule.check(task(arg("target", "/tmp/b"), arg("source", "/tmp/a"), env("MODE", "real")), change, NOW))
                .isInstanceOf(Refusal.class).hasMessageContaining("parameter target is out of place");
    }

    @Test
    void anOmittedOrDroppedParameterIsRefused() {
        assertThatThrownBy(() -> rule.check(task(arg("source", "/tmp/a"), arg("target", "/tmp/b")), change, NOW))
                .isInstanceOf(Refusal.class).hasMessageContaining("parameter MODE is missing");
        assertThatThrownBy(() -> rule.check(task(arg("target", "/tmp/b"), env("MODE", "real")), change, NOW))
                .isInstanceOf(Refusal.class).hasMessageContaining("out of place");
        assertThatThrownBy(() -> rule.check(task(), change, NOW))
                .isInstanceOf(Refusal.class).hasMessageContaining("parameter source is missing");
    }

    @Test
    void aRepeatedExtraOrWronglyDeliveredParameterIsRefused() {
        assertThatThrownBy(() -> rule.check(task(arg("source", "/tmp/a"), arg("target", "/tmp/b"), env("MODE", "real"), env("MODE", "dry")),
                change, NOW)).isInstanceOf(Refusal.class).hasMessageContaining("parameter MODE is given twice");
        assertThatThrownBy(() -> rule.check(task(arg("source", "/tmp/a"), arg("source", "/tmp/b"), env("MODE", "real")), change, NOW))
                .isInstanceOf(Refusal.class).hasMessageContaining("parameter source is out of place");
        assertThatThrownBy(() -> rule.check(task(arg("source", "/tmp/a"), arg("target", "/tmp/b"), env("MODE", "real"), arg("x", "1")),
                change, NOW)).isInstanceOf(Refusal.class).hasMessageContaining("parameter x is not allowed");
        assertThatThrownBy(() -> rule.check(task(arg("source", "/tmp/a"), arg("target", "/tmp/b"), arg("MODE", "real")), change, NOW))
                .isInstanceOf(Refusal.class).hasMessageContaining("value of parameter MODE is not one the standard change allows");
        assertThatThrownBy(() -> rule.check(task(arg("source", "/tmp/a"), arg("target", "/etc"), env("MODE", "real")), change, NOW))
                .isInstanceOf(Refusal.class).hasMessageContaining("value of parameter target");
    }
}
