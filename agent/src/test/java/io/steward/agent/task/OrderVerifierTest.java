package io.steward.agent.task;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.steward.protocol.DeviceKeys;
import io.steward.protocol.backup.RestoreTest;
import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.task.CanonicalText;
import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.TaskMessages;
import io.steward.protocol.task.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OrderVerifierTest {
    static final Instant NOW = Instant.parse("2026-03-29T01:30:00Z");
    static final String SCRIPT = "echo hello\n";
    final KeyPair signer = DeviceKeys.generate();
    final UUID device = UUID.randomUUID();
    final UUID client = UUID.randomUUID();
    final UUID task = UUID.randomUUID();
    final TaskPolicy all = new TaskPolicy(TaskPolicy.Mode.ALL, Set.of("bash", "sh"), 600, Set.of("backup"));

    @TempDir
    Path dir;

    DeviceOrder order(String interpreter, int timeout, String runAs, List<String> env, List<String> secrets, String nonce, Instant notBefore,
                      Instant notAfter, UUID standard) {
        return new DeviceOrder(task, device, client, "ab".repeat(32), CanonicalText.sha256Hex(SCRIPT.getBytes(StandardCharsets.UTF_8)), interpreter,
                runAs, timeout, 65536, List.of("--flag", "a b"), env, secrets, nonce, notBefore, notAfter, standard);
    }

    DeviceOrder good() {
        return order("bash", 60, "", List.of("MODE=fast"), List.of(), nonce(), NOW.minusSeconds(60), NOW.plusSeconds(3600), null);
    }

    static String nonce() {
        byte[] b = new byte[16];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    OrderVerifier verifier(TaskPolicy policy) {
        return new OrderVerifier(device.toString(), Optional.of(client.toString()), policy, new NonceStore(dir), "steward-agent");
    }

    TaskMessages.Delivery signed(DeviceOrder o) {
        return new TaskMessages.Delivery(SignedOrder.of(o, signer.getPrivate()), SCRIPT, Map.of());
    }

    Optional<PublicKey> pinned() {
        return Optional.of(signer.getPublic());
    }

    String refusal(OrderVerifier v, TaskMessages.Delivery d) {
        OrderVerifier.Verdict verdict = v.verify(d, pinned(), NOW);
        assertThat(verdict).isInstanceOf(OrderVerifier.Refused.class);
        OrderVerifier.Refused r = (OrderVerifier.Refused) verdict;
        assertThat(r.taskId()).isEqualTo(task.toString());
        return r.reason();
    }

    @Test
    void aGoodOrderIsAcceptedWithItsEnvironment() {
        OrderVerifier.Verdict v = verifier(all).verify(signed(good()), pinned(), NOW);
        assertThat(v).isInstanceOf(OrderVerifier.Accepted.class);
        assertThat(((OrderVerifier.Accepted) v).environment()).containsExactly(Map.entry("MODE", "fast"));
        assertThat(((OrderVerifier.Accepted) v).order().arguments()).containsExactly("--flag", "a b");
    }

    @Test
    void signaturesMustBeTheSignersOverTheExactBytes() {
        DeviceOrder o = good();
        SignedOrder real = SignedOrder.of(o, signer.getPrivate());
        assertThat(refusal(verifier(all), new TaskMessages.Delivery(new SignedOrder(real.order(), "garbage"), SCRIPT, Map.of())))
                .startsWith("bad signature");
        assertThat(refusal(verifier(all), new TaskMessages.Delivery(new SignedOrder(real.order(), null), SCRIPT, Map.of()))).startsWith("unsigned");
        KeyPair other = DeviceKeys.generate();
        assertThat(refusal(verifier(all), new TaskMessages.Delivery(SignedOrder.of(o, other.getPrivate()), SCRIPT, Map.of())))
                .startsWith("bad signature");
        // The same signature over bytes changed by one field is worthless.
        byte[] bytes = Base64.getDecoder().decode(real.order());
        String tampered = new String(bytes, StandardCharsets.UTF_8).replace("timeout=60", "timeout=61");
        assertThat(refusal(verifier(all), new TaskMessages.Delivery(new SignedOrder(Base64.getEncoder().encodeToString(
                tampered.getBytes(StandardCharsets.UTF_8)), real.signature()), SCRIPT, Map.of()))).startsWith("bad signature");
        assertThat(verifier(all).verify(signed(o), Optional.empty(), NOW)).isInstanceOfSatisfying(OrderVerifier.Refused.class,
                r -> assertThat(r.reason()).contains("no signer key"));
    }

    @Test
    void deviceClientWindowNonceAndBodyAreChecked() {
        DeviceOrder base = good();
        DeviceOrder otherDevice = new DeviceOrder(task, UUID.randomUUID(), client, base.taskDigest(), base.scriptSha256(), "bash", "", 60, 65536,
                List.of(), List.of(), List.of(), nonce(), base.notBefore(), base.notAfter(), null);
        assertThat(refusal(verifier(all), signed(otherDevice))).contains("another device");
        DeviceOrder otherClient = new DeviceOrder(task, device, UUID.randomUUID(), base.taskDigest(), base.scriptSha256(), "bash", "", 60, 65536,
                List.of(), List.of(), List.of(), nonce(), base.notBefore(), base.notAfter(), null);
        assertThat(refusal(verifier(all), signed(otherClient))).contains("another client");
        assertThat(refusal(verifier(all), signed(order("bash", 60, "", List.of(), List.of(), nonce(), NOW.minus(Duration.ofHours(2)),
                NOW.minus(Duration.ofMinutes(6)), null)))).contains("expired");
        // Within the five minutes of clock skew it still runs; not before its window (less the skew) it does not.
        assertThat(verifier(all).verify(signed(order("bash", 60, "", List.of(), List.of(), nonce(), NOW.minus(Duration.ofHours(2)),
                NOW.minus(Duration.ofMinutes(4)), null)), pinned(), NOW)).isInstanceOf(OrderVerifier.Accepted.class);
        assertThat(refusal(verifier(all), signed(order("bash", 60, "", List.of(), List.of(), nonce(), NOW.plus(Duration.ofMinutes(6)),
                NOW.plus(Duration.ofHours(1)), null)))).contains("not valid before");
        assertThat(refusal(verifier(all), new TaskMessages.Delivery(SignedOrder.of(base, signer.getPrivate()), SCRIPT + "rm -rf /\n", Map.of())))
                .contains("does not match the signed hash");

        OrderVerifier v = verifier(all);
        OrderVerifier.Accepted first = (OrderVerifier.Accepted) v.verify(signed(base), pinned(), NOW);
        v.accept(first, NOW);
        assertThat(refusal(v, signed(base))).contains("nonce replayed");
        // Remembered on disk: a restarted agent refuses it too.
        assertThat(refusal(verifier(all), signed(base))).contains("nonce replayed");
    }

    @Test
    void theLocalPolicyDecides() {
        assertThat(refusal(verifier(TaskPolicy.OFF), signed(good()))).contains("tasks are off");
        TaskPolicy standard = new TaskPolicy(TaskPolicy.Mode.STANDARD, Set.of("bash"), 600, Set.of());
        assertThat(refusal(verifier(standard), signed(good()))).contains("only standard changes");
        assertThat(verifier(standard).verify(signed(order("bash", 60, "", List.of(), List.of(), nonce(), NOW, NOW.plusSeconds(60), UUID.randomUUID())),
                pinned(), NOW)).isInstanceOf(OrderVerifier.Accepted.class);
        assertThat(refusal(verifier(all), signed(order("python", 60, "", List.of(), List.of(), nonce(), NOW, NOW.plusSeconds(60), null))))
                .contains("interpreter python is not allowed");
        assertThat(refusal(verifier(all), signed(order("bash", 601, "", List.of(), List.of(), nonce(), NOW, NOW.plusSeconds(60), null))))
                .contains("timeout of 601 s");
        assertThat(refusal(verifier(all), signed(order("bash", 60, "root", List.of(), List.of(), nonce(), NOW, NOW.plusSeconds(60), null))))
                .contains("running as root is not allowed");
        assertThat(verifier(all).verify(signed(order("bash", 60, "backup", List.of(), List.of(), nonce(), NOW, NOW.plusSeconds(60), null)), pinned(), NOW))
                .isInstanceOf(OrderVerifier.Accepted.class);
    }

    /** A signed order of the built-in patch interpreter with this body and these parameters (sorted by name, as the signer signs them). */
    TaskMessages.Delivery patchOrder(String body, List<String> env, List<String> args) {
        DeviceOrder o = new DeviceOrder(task, device, client, "ab".repeat(32), CanonicalText.sha256Hex(body.getBytes(StandardCharsets.UTF_8)),
                PatchInstall.INTERPRETER, "", 600, 65536, args, env, List.of(), nonce(), NOW, NOW.plusSeconds(600), UUID.randomUUID());
        return new TaskMessages.Delivery(SignedOrder.of(o, signer.getPrivate()), body, Map.of());
    }

    @Test
    void thePatchInterpreterRunsOnlyWhereAllowedOnlyItsFixedBodyAndOnlyWellFormedParameters() {
        List<String> env = List.of("PACKAGES=libssl3=3.0.14-1~deb12u2 openssl=3.0.14-1~deb12u2", "REBOOT=if-required", "REBOOT_WARNING=10",
                "SCOPE=security");
        TaskPolicy patching = new TaskPolicy(TaskPolicy.Mode.STANDARD, Set.of("bash", "patch"), 3600, Set.of());
        assertThat(verifier(patching).verify(patchOrder(PatchInstall.BODY, env, List.of()), pinned(), NOW))
                .isInstanceOfSatisfying(OrderVerifier.Accepted.class, a -> assertThat(a.environment()).containsEntry("SCOPE", "security"));
        // Not allowed unless the device says so: the default interpreters are the script ones.
        assertThat(TaskPolicy.INTERPRETERS).doesNotContain("patch");
        assertThat(TaskPolicy.KNOWN).contains("patch");
        TaskPolicy defaults = new TaskPolicy(TaskPolicy.Mode.ALL, TaskPolicy.INTERPRETERS, 3600, Set.of());
        assertThat(refusal(verifier(defaults), patchOrder(PatchInstall.BODY, env, List.of()))).contains("interpreter patch is not allowed");
        // Signed, but another body: the patch interpreter runs nothing but its own.
        assertThat(refusal(verifier(patching), patchOrder(PatchInstall.BODY + "apt-get purge openssh-server\n", env, List.of())))
                .contains("only its fixed body");
        assertThat(refusal(verifier(patching), patchOrder(PatchInstall.BODY, List.of("PACKAGES=openssl=3 libssl3=3", "REBOOT=never", "SCOPE=security"),
                List.of()))).startsWith("PACKAGES: packages must be in name order");
        assertThat(refusal(verifier(patching), patchOrder(PatchInstall.BODY, List.of("PACKAGES=openssl=3", "REBOOT=never", "SCOPE=everything"),
                List.of()))).startsWith("SCOPE must be one of");
        assertThat(refusal(verifier(patching), patchOrder(PatchInstall.BODY, List.of("PACKAGES=openssl=3", "REBOOT=now", "SCOPE=approved"),
                List.of()))).startsWith("REBOOT must be one of");
        assertThat(refusal(verifier(patching), patchOrder(PatchInstall.BODY, List.of("PACKAGES=openssl=3", "REBOOT=always", "REBOOT_WARNING=soon",
                "SCOPE=approved"), List.of()))).startsWith("REBOOT_WARNING");
        assertThat(refusal(verifier(patching), patchOrder(PatchInstall.BODY, env, List.of("--purge")))).contains("takes no arguments");
    }

    /** A signed order of the built-in restore-test interpreter with this body and these parameters. */
    TaskMessages.Delivery restoreOrder(String body, List<String> env, List<String> args, String runAs) {
        DeviceOrder o = new DeviceOrder(task, device, client, "ab".repeat(32), CanonicalText.sha256Hex(body.getBytes(StandardCharsets.UTF_8)),
                RestoreTest.INTERPRETER, runAs, 600, 65536, args, env, List.of(), nonce(), NOW, NOW.plusSeconds(600), UUID.randomUUID());
        return new TaskMessages.Delivery(SignedOrder.of(o, signer.getPrivate()), body, Map.of());
    }

    @Test
    void theRestoreTestInterpreterRunsOnlyWhereAllowedOnlyItsFixedBodyAndOnlyValidParameters() {
        List<String> env = List.of("JOB=nightly", "SAMPLE=5");
        TaskPolicy restores = new TaskPolicy(TaskPolicy.Mode.STANDARD, Set.of("bash", "restore-test"), 3600, Set.of("backup"));
        assertThat(verifier(restores).verify(restoreOrder(RestoreTest.BODY, env, List.of(), ""), pinned(), NOW))
                .isInstanceOfSatisfying(OrderVerifier.Accepted.class, a -> assertThat(a.environment()).containsEntry("JOB", "nightly"));
        // Like patch: known, but not allowed unless the device says so.
        assertThat(TaskPolicy.KNOWN).contains("restore-test");
        assertThat(TaskPolicy.INTERPRETERS).doesNotContain("restore-test");
        TaskPolicy defaults = new TaskPolicy(TaskPolicy.Mode.ALL, TaskPolicy.INTERPRETERS, 3600, Set.of());
        assertThat(refusal(verifier(defaults), restoreOrder(RestoreTest.BODY, env, List.of(), ""))).contains("interpreter restore-test is not allowed");
        assertThat(refusal(verifier(restores), restoreOrder(RestoreTest.BODY + "rm -rf /\n", env, List.of(), ""))).contains("only its fixed body");
        assertThat(refusal(verifier(restores), restoreOrder(RestoreTest.BODY, List.of("JOB=../etc", "SAMPLE=5"), List.of(), "")))
                .contains("JOB must name a local backup job");
        assertThat(refusal(verifier(restores), restoreOrder(RestoreTest.BODY, List.of("JOB=nightly", "SAMPLE=101"), List.of(), "")))
                .contains("SAMPLE must be 1 to 100");
        assertThat(refusal(verifier(restores), restoreOrder(RestoreTest.BODY, List.of("JOB=nightly", "SAMPLE=5", "EXTRA=1"), List.of(), "")))
                .contains("only JOB and SAMPLE");
        assertThat(refusal(verifier(restores), restoreOrder(RestoreTest.BODY, env, List.of("--all"), ""))).contains("takes no arguments");
        assertThat(refusal(verifier(restores), restoreOrder(RestoreTest.BODY, env, List.of(), "backup"))).contains("agent's own user only");
    }

    @Test
    void environmentNamesThatSteerTheInterpreterAreRefused() {
        for (String name : List.of("LD_PRELOAD", "PATH", "BASH_ENV", "ENV", "PYTHONPATH", "BASH_FUNC_x%%", "Path", "ld_library_path", "SHELLOPTS")) {
            assertThat(OrderVerifier.safeName(name)).as(name).isFalse();
        }
        assertThat(OrderVerifier.safeName("TARGET_DIR")).isTrue();
        assertThat(refusal(verifier(all), signed(order("bash", 60, "", List.of("LD_PRELOAD=/tmp/x.so"), List.of(), nonce(), NOW, NOW.plusSeconds(60), null))))
                .contains("unsafe or malformed environment variable LD_PRELOAD");
    }

    @Test
    void secretValuesMustMatchTheirSignedHashes() {
        String hash = TaskSpec.secretHash(task, "TOKEN", "s3cret-value");
        DeviceOrder o = order("bash", 60, "", List.of(), List.of("TOKEN=" + hash), nonce(), NOW, NOW.plusSeconds(60), null);
        SignedOrder so = SignedOrder.of(o, signer.getPrivate());
        assertThat(verifier(all).verify(new TaskMessages.Delivery(so, SCRIPT, Map.of("TOKEN", "s3cret-value")), pinned(), NOW))
                .isInstanceOfSatisfying(OrderVerifier.Accepted.class, a -> assertThat(a.secrets()).containsEntry("TOKEN", "s3cret-value"));
        assertThat(refusal(verifier(all), new TaskMessages.Delivery(so, SCRIPT, Map.of("TOKEN", "another")))).contains("secret value of TOKEN");
        assertThat(refusal(verifier(all), new TaskMessages.Delivery(so, SCRIPT, Map.of()))).contains("secret value of TOKEN");
        assertThat(refusal(verifier(all), new TaskMessages.Delivery(so, SCRIPT, Map.of("TOKEN", "s3cret-value", "LD_PRELOAD", "x"))))
                .contains("does not name");
    }

    @Test
    void garbageOrdersAreRefusedWithoutATaskToReport() {
        OrderVerifier.Verdict v = verifier(all).verify(new TaskMessages.Delivery(new SignedOrder("%%%", "x"), SCRIPT, Map.of()), pinned(), NOW);
        assertThat(v).isInstanceOfSatisfying(OrderVerifier.Refused.class, r -> {
            assertThat(r.taskId()).isNull();
            assertThat(r.reason()).startsWith("bad signature");
        });
    }
}
