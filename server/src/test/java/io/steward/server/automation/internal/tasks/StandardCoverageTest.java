package io.steward.server.automation.internal.tasks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a standard change covers a task: every field that bounds it, one at a time. */
class StandardCoverageTest {
    private static final Instant NOW = Instant.parse("2026-12-31T23:30:00Z");
    private static final String SHA = "a".repeat(64);
    private static final UUID CLIENT = UUID.randomUUID();

    private static StandardChangeSpec change(UUID scope) {
        return new StandardChangeSpec(UUID.randomUUID(), UUID.randomUUID(), "restart", SHA, "bash", "", 60, 65536,
                List.of(new StandardChangeSpec.Allowed("SERVICE", Parameter.Delivery.ARGUMENT, List.of("nginx", "cups"))), scope,
                NOW.plusSeconds(86_400));
    }

    private static TaskSpec task(String sha, int timeout, List<Parameter> params, UUID client, Instant notAfter) {
        return new TaskSpec(UUID.randomUUID(), client, UUID.randomUUID(), "restart", sha, "bash", "", timeout, 65536, params,
                List.of(UUID.randomUUID()), "now", NOW, notAfter, 1, 0, null);
    }

    private static List<Parameter> service(String value) {
        return List.of(new Parameter("SERVICE", Parameter.Delivery.ARGUMENT, value));
    }

    @Test
    void coversOnlyItsHashValuesClientTimeoutAndLifetime() {
        StandardChangeSpec c = change(CLIENT);
        Instant until = NOW.plusSeconds(3600);
        assertThat(StandardCoverage.covers(c, task(SHA, 60, service("nginx"), CLIENT, until), NOW)).isTrue();
        // An omitted, repeated or extra parameter is not covered: exactly the change's, in its order, each once.
        assertThat(StandardCoverage.covers(c, task(SHA, 60, List.of(), CLIENT, until), NOW)).isFalse();
        assertThat(StandardCoverage.covers(c, task(SHA, 60, List.of(service("nginx").getFirst(), service("cups").getFirst()), CLIENT, until), NOW))
                .isFalse();
        assertThat(StandardCoverage.covers(c, task("b".repeat(64), 60, service("nginx"), CLIENT, until), NOW)).isFalse();
        assertThat(StandardCoverage.covers(c, task(SHA, 60, service("sshd"), CLIENT, until), NOW)).isFalse();
        assertThat(StandardCoverage.covers(c, task(SHA, 61, service("nginx"), CLIENT, until), NOW)).isFalse();
        assertThat(StandardCoverage.covers(c, task(SHA, 60, service("nginx"), UUID.randomUUID(), until), NOW)).isFalse();
        assertThat(StandardCoverage.covers(c, task(SHA, 60, List.of(new Parameter("SERVICE", Parameter.Delivery.ENVIRONMENT, "nginx")), CLIENT, until),
                NOW)).isFalse();
        assertThat(StandardCoverage.covers(c, task(SHA, 60, List.of(new Parameter("TOKEN", Parameter.Delivery.SECRET, SHA)), CLIENT, until), NOW))
                .isFalse();
        // A task that would outlive the change, or a change already expired.
        assertThat(StandardCoverage.covers(c, task(SHA, 60, service("nginx"), CLIENT, NOW.plusSeconds(90_000)), NOW)).isFalse();
        assertThat(StandardCoverage.covers(c, task(SHA, 60, service("nginx"), CLIENT, until), NOW.plusSeconds(86_400))).isFalse();
        // Scope "every client".
        assertThat(StandardCoverage.covers(change(null), task(SHA, 60, service("cups"), UUID.randomUUID(), until), NOW)).isTrue();
    }

    @Test
    void thePatchInstallersSecurityChangeCoversAnyPackageListAsTheSignerDoes() {
        String installer = io.steward.protocol.task.CanonicalText.sha256Hex(
                io.steward.protocol.patch.PatchInstall.BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        StandardChangeSpec security = new StandardChangeSpec(UUID.randomUUID(), UUID.randomUUID(), "Install updates", installer, "patch", "", 3600,
                65536, List.of(new StandardChangeSpec.Allowed("PACKAGES", Parameter.Delivery.ARGUMENT, List.of("*")),
                        new StandardChangeSpec.Allowed("SCOPE", Parameter.Delivery.ARGUMENT, List.of("security"))), CLIENT, NOW.plusSeconds(86_400));
        java.util.function.BiFunction<String, String, TaskSpec> run = (packages, scope) -> new TaskSpec(UUID.randomUUID(), CLIENT, UUID.randomUUID(),
                "Install updates", installer, "patch", "", 600, 65536, List.of(new Parameter("PACKAGES", Parameter.Delivery.ARGUMENT, packages),
                new Parameter("SCOPE", Parameter.Delivery.ARGUMENT, scope)), List.of(UUID.randomUUID()), "now", NOW, NOW.plusSeconds(3600), 1, 0, null);
        assertThat(StandardCoverage.covers(security, run.apply("curl=8.5.0-2 openssl=3.0.15-1", "security"), NOW)).isTrue();
        assertThat(StandardCoverage.covers(security, run.apply("curl=8.5.0-2", "approved"), NOW)).isFalse();
        assertThat(StandardCoverage.covers(security, run.apply("--allow-downgrades=1", "security"), NOW)).isFalse();
    }
}
