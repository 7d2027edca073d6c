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

    @Test
    void theOnlyWildcardIsAnyPackageListForThePatchInstallerLimitedToSecurityUpdates() {
        String installer = io.steward.protocol.task.CanonicalText.sha256Hex(
                io.steward.protocol.patch.PatchInstall.BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.util.function.BiFunction<String, List<String>, StandardChangeSpec> patchChange = (sha, scopes) -> new StandardChangeSpec(UUID.randomUUID(),
                UUID.randomUUID(), "Install updates", sha, "patch", "", 3600, 65536,
                List.of(new StandardChangeSpec.Allowed("PACKAGES", Parameter.Delivery.ARGUMENT, List.of("*")),
                        new StandardChangeSpec.Allowed("SCOPE", Parameter.Delivery.ARGUMENT, scopes),
                        new StandardChangeSpec.Allowed("REBOOT", Parameter.Delivery.ARGUMENT, List.of("never"))),
                CLIENT, NOW.plus(Duration.ofDays(10)));
        java.util.function.BiFunction<StandardChangeSpec, String, TaskSpec> run = (c, packages) -> new TaskSpec(UUID.randomUUID(), CLIENT,
                UUID.randomUUID(), "Install updates", c.scriptSha256(), "patch", "", 600, 65536,
                List.of(arg("PACKAGES", packages), arg("SCOPE", "security"), arg("REBOOT", "never")), List.of(UUID.randomUUID()), "now", NOW,
                NOW.plus(Duration.ofHours(2)), 1, 1, c.id());
        StandardChangeSpec security = patchChange.apply(installer, List.of("security"));
        assertThatCode(() -> rule.check(run.apply(security, "curl=8.5.0-2 openssl=3.0.15-1"), security, NOW)).doesNotThrowAnyException();
        // A malformed list (an option for the package manager, say) is no package list.
        assertThatThrownBy(() -> rule.check(run.apply(security, "--allow-downgrades=1"), security, NOW)).isInstanceOf(Refusal.class);
        // Not when the change also allows installing what is not a security update, nor for another script body.
        StandardChangeSpec wide = patchChange.apply(installer, List.of("security", "approved"));
        assertThatThrownBy(() -> rule.check(run.apply(wide, "curl=8.5.0-2"), wide, NOW)).isInstanceOf(Refusal.class);
        StandardChangeSpec otherBody = patchChange.apply("d".repeat(64), List.of("security"));
        assertThatThrownBy(() -> rule.check(run.apply(otherBody, "curl=8.5.0-2"), otherBody, NOW)).isInstanceOf(Refusal.class);
        // And "*" means nothing for any other script: there it is just a value.
        assertThatThrownBy(() -> rule.check(task(arg("source", "*"), arg("target", "/tmp/b"), env("MODE", "real")), change, NOW))
                .isInstanceOf(Refusal.class);
    }
}
