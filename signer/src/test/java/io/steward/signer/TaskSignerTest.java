package io.steward.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.protocol.task.TaskSpec;
import io.steward.signer.state.SignerLog;

class TaskSignerTest {
    @TempDir
    Path tmp;
    Fixture f;
    Fixture.Person tech;
    Fixture.Person manager;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
        tech = f.trusted("Tina Tech", false);
        manager = f.trusted("Mona Manager", true);
    }

    private SignerMessages.Signed sign(TaskSpec task, PasskeyAssertion... assertions) {
        return f.signer.signTask(new SignerMessages.SignTask(task, List.of(assertions)));
    }

    private void refused(TaskSpec task, String reason, PasskeyAssertion... assertions) {
        assertThatThrownBy(() -> sign(task, assertions)).isInstanceOf(Refusal.class).hasMessageContaining(reason);
        assertThat(f.dir.resolve("signed").resolve(HexFormat.of().formatHex(task.digest()) + ".json")).doesNotExist();
    }

    @Test
    void signsATaskTheRequesterAndAnApproverSigned() {
        TaskSpec task = f.task(tech, 3, null, List.of(new Parameter("mode", Parameter.Delivery.ARGUMENT, "quick"),
                new Parameter("ZONE", Parameter.Delivery.ENVIRONMENT, "eu"), new Parameter("ALPHA", Parameter.Delivery.ENVIRONMENT, "1"),
                new Parameter("TOKEN", Parameter.Delivery.SECRET, TaskSpec.secretHash(UUID.randomUUID(), "TOKEN", "s3cret"))));
        SignerMessages.Signed signed = sign(task, tech.signs(task.digest()), manager.signs(task.digest()));

        assertThat(signed.taskDigest()).isEqualTo(HexFormat.of().formatHex(task.digest()));
        assertThat(signed.orders()).extracting(SignerMessages.DeviceSigned::deviceId).containsExactlyElementsOf(task.deviceIds());
        Set<String> nonces = new HashSet<>();
        for (SignerMessages.DeviceSigned d : signed.orders()) {
            DeviceOrder order = d.order().verify(f.key.getPublic());
            assertThat(order.deviceId()).isEqualTo(d.deviceId());
            assertThat(order.clientId()).isEqualTo(task.clientId());
            assertThat(order.scriptSha256()).isEqualTo(task.scriptSha256());
            assertThat(order.arguments()).containsExactly("quick");
            assertThat(order.environment()).containsExactly("ALPHA=1", "ZONE=eu");
            assertThat(order.secretHashes()).singleElement().asString().startsWith("TOKEN=");
            assertThat(order.nonce()).matches("[0-9a-f]{32}");
            assertThat(order.notAfter()).isEqualTo(Instant.ofEpochSecond(task.notAfter().getEpochSecond()));
            nonces.add(order.nonce());
            // Ed25519 is deterministic: the signer's fast path makes exactly the JDK's signature.
            assertThat(d.order().signature()).isEqualTo(io.steward.protocol.task.TaskKeys.sign(f.key.getPrivate(), order.canonical()));
        }
        assertThat(nonces).hasSize(3);
        assertThat(f.signer.status().signedThisHour()).isEqualTo(3);
    }

    @Test
    void theSameDigestGetsTheSameOrdersAgain() {
        TaskSpec task = f.task(tech, 2);
        SignerMessages.Signed first = sign(task, tech.signs(task.digest()), manager.signs(task.digest()));
        // A retry by the server (even with the same, already used assertions) yields the kept orders, no fresh nonces.
        SignerMessages.Signed again = sign(task, tech.signs(task.digest()), manager.signs(task.digest()));
        assertThat(again).isEqualTo(first);
        assertThat(f.signer.status().signedThisHour()).isEqualTo(2);
    }

    @Test
    void refusesAnUnsignedTask() {
        refused(f.task(tech, 1), "unsigned");
    }

    @Test
    void refusesOneAssertionOnly() {
        TaskSpec task = f.task(tech, 1);
        refused(task, "only one passkey assertion", tech.signs(task.digest()));
    }

    @Test
    void twoPasskeysOfOnePersonCountAsOne() {
        Fixture.Person boss = f.trusted("Bo Boss", true);
        SoftwarePasskey second = f.secondPasskey(boss, true);
        TaskSpec task = f.task(boss, 1);
        refused(task, "one person's passkeys count as one", boss.signs(task.digest()),
                second.assertion(task.digest(), Fixture.RP, Fixture.ORIGIN));
    }

    @Test
    void theRequestersOwnApprovalNeverCounts() {
        Fixture.Person boss = f.trusted("Bo Boss", true);
        TaskSpec task = f.task(boss, 1);
        // The requester is an approver, and a technician (no approver) co-signs: nobody else approved.
        refused(task, "the requester's own approval never counts", boss.signs(task.digest()), tech.signs(task.digest()));
    }

    @Test
    void refusesAnotherPersonWhoIsNotAnApprover() {
        Fixture.Person other = f.trusted("Otto Other", false);
        TaskSpec task = f.task(tech, 1);
        refused(task, "not an approver", tech.signs(task.digest()), other.signs(task.digest()));
    }

    @Test
    void refusesWhenTheRequesterDidNotSign() {
        Fixture.Person boss = f.trusted("Bo Boss", true);
        TaskSpec task = f.task(tech, 1);
        refused(task, "the requester has not signed", boss.signs(task.digest()), manager.signs(task.digest()));
    }

    @Test
    void aPasskeyNotInItsKeyringIsWorthNothing() {
        // As if a passkey row had been inserted into the server's database: the signer never heard of it.
        Fixture.Person stranger = new Fixture.Person(UUID.randomUUID(), "Mallory");
        TaskSpec task = f.task(tech, 1);
        refused(task, "not in the signer's keyring", tech.signs(task.digest()), stranger.signs(task.digest()));
    }

    @Test
    void refusesAssertionsOverAnotherDigest() {
        TaskSpec task = f.task(tech, 1);
        TaskSpec other = f.task(tech, 1);
        refused(task, "challenge is not this statement's digest", tech.signs(task.digest()), manager.signs(other.digest()));
    }

    @Test
    void refusesAnotherOriginOrRelyingParty() {
        TaskSpec task = f.task(tech, 1);
        refused(task, "origin https://evil.example is not allowed", tech.signs(task.digest()),
                manager.passkey.assertion(task.digest(), Fixture.RP, "https://evil.example"));
        // Steward's own origin neither: a sign-in there, or a page a compromised server serves, never signs a task.
        refused(task, "origin " + Fixture.STEWARD + " is not allowed", tech.signs(task.digest()),
                manager.passkey.assertion(task.digest(), Fixture.RP, Fixture.STEWARD));
        refused(task, "another relying party", tech.signs(task.digest()),
                manager.passkey.assertion(task.digest(), "evil.example", Fixture.ORIGIN));
    }

    @Test
    void refusesATamperedSignature() {
        TaskSpec task = f.task(tech, 1);
        PasskeyAssertion good = manager.signs(task.digest());
        byte[] sig = java.util.Base64.getUrlDecoder().decode(good.signature());
        sig[sig.length - 1] ^= 1;
        PasskeyAssertion bad = new PasskeyAssertion(good.credentialId(), good.authenticatorData(), good.clientDataJson(),
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sig), good.userHandle());
        refused(task, "signature is not the passkey's", tech.signs(task.digest()), bad);
    }

    @Test
    void refusesAnExpiredTask() {
        TaskSpec task = f.task(tech, 1);
        PasskeyAssertion a = tech.signs(task.digest());
        PasskeyAssertion b = manager.signs(task.digest());
        f.clock.advance(Duration.ofHours(2));
        refused(task, "expired", a, b);
    }

    @Test
    void refusesATaskLargerThanItsLimit() {
        TaskSpec task = f.task(tech, 101);
        refused(task, "at most 100 per task", tech.signs(task.digest()), manager.signs(task.digest()));
    }

    @Test
    void refusesPastItsDevicesPerHourAndAcceptsAgainAnHourLater() {
        Fixture small = new Fixture(tmp.resolve("small"), 10, 15);
        Fixture.Person t = small.trusted("T", false);
        Fixture.Person m = small.trusted("M", true);
        TaskSpec first = small.task(t, 10);
        small.signer.signTask(new SignerMessages.SignTask(first, List.of(t.signs(first.digest()), m.signs(first.digest()))));
        small.clock.advance(Duration.ofMinutes(59));
        TaskSpec second = small.task(t, 6);
        List<PasskeyAssertion> both = List.of(t.signs(second.digest()), m.signs(second.digest()));
        assertThatThrownBy(() -> small.signer.signTask(new SignerMessages.SignTask(second, both)))
                .hasMessageContaining("15 devices per hour");
        small.clock.advance(Duration.ofMinutes(2));
        TaskSpec third = small.task(t, 6);
        assertThat(small.signer.signTask(new SignerMessages.SignTask(third, List.of(t.signs(third.digest()), m.signs(third.digest()))))
                .orders()).hasSize(6);
    }

    @Test
    void assertionsMayArriveOutOfOrderButASignCountIsNeverUsedTwice() throws Exception {
        TaskSpec first = f.task(tech, 1);
        PasskeyAssertion early = manager.signs(first.digest());
        TaskSpec second = f.task(tech, 1);
        sign(second, tech.signs(second.digest()), manager.signs(second.digest()));
        // The second task was approved first: the earlier assertion of the first still counts.
        assertThat(sign(first, tech.signs(first.digest()), early).orders()).hasSize(1);

        // A cloned authenticator (same key, same counter state) signs a third task with a count already used.
        TaskSpec third = f.task(tech, 1);
        PasskeyAssertion real = manager.signs(third.digest());
        f.signer.signTask(new SignerMessages.SignTask(third, List.of(tech.signs(third.digest()), real)));
        TaskSpec fourth = f.task(tech, 1);
        PasskeyAssertion clone = cloneWithCount(manager, fourth, real);
        refused(fourth, "sign count", tech.signs(fourth.digest()), clone);
    }

    /** What a clone of the manager's authenticator would produce for {@code task}: the same counter as {@code used}. */
    private PasskeyAssertion cloneWithCount(Fixture.Person who, TaskSpec task, PasskeyAssertion used) throws Exception {
        java.lang.reflect.Field keys = SoftwarePasskey.class.getDeclaredField("keys");
        keys.setAccessible(true);
        java.security.KeyPair pair = (java.security.KeyPair) keys.get(who.passkey);
        byte[] authData = java.util.Base64.getUrlDecoder().decode(used.authenticatorData());
        byte[] clientData = ("{\"type\":\"webauthn.get\",\"challenge\":\"" + task.challenge() + "\",\"origin\":\"" + Fixture.ORIGIN
                + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(pair.getPrivate());
        s.update(authData);
        s.update(io.steward.protocol.task.CanonicalText.sha256(clientData));
        var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return new PasskeyAssertion(used.credentialId(), used.authenticatorData(), b64.encodeToString(clientData), b64.encodeToString(s.sign()),
                used.userHandle());
    }

    @Test
    void anEndorsedPasskeyJoinsTheKeyringAsARequesterAndThenCounts() {
        Fixture.Person newcomer = new Fixture.Person(UUID.randomUUID(), "Nora New");
        KeyringEntrySpec entry = new KeyringEntrySpec(newcomer.id, newcomer.name, newcomer.passkey.credentialId(), newcomer.passkey.publicKeyCose(),
                false, manager.id, f.clock.instant());
        f.signer.trust(new SignerMessages.Trust(entry, manager.signs(entry.digest())));
        assertThat(f.signer.status().keyring()).extracting(SignerMessages.TrustedPasskey::displayName).contains("Nora New");

        TaskSpec task = f.task(newcomer, 1);
        // The manager vouched for her passkey, so the manager's approval of her task does not count: were the passkey the
        // manager's own under a second account, the manager would otherwise request and approve alone.
        assertThatThrownBy(() -> sign(task, newcomer.signs(task.digest()), manager.signs(task.digest())))
                .isInstanceOf(Refusal.class).hasMessageContaining("endorsed the requester's passkey");
        Fixture.Person admin = f.trusted("Ada Admin", true);
        assertThat(sign(task, newcomer.signs(task.digest()), admin.signs(task.digest())).orders()).hasSize(1);
        // A requester, not an approver: her approval of someone else's task does not count.
        TaskSpec other = f.task(tech, 1);
        assertThatThrownBy(() -> sign(other, tech.signs(other.digest()), newcomer.signs(other.digest()))).hasMessageContaining("no approver signed");
    }

    @Test
    void oneApproverCannotMintASecondApproverNorEndorseThemselves() {
        // Otherwise one approver would hold two approvers' passkeys and approve their own tasks alone.
        Fixture.Person sock = new Fixture.Person(UUID.randomUUID(), "Sock Puppet");
        KeyringEntrySpec asApprover = new KeyringEntrySpec(sock.id, sock.name, sock.passkey.credentialId(), sock.passkey.publicKeyCose(), true,
                manager.id, f.clock.instant());
        assertThatThrownBy(() -> f.signer.trust(new SignerMessages.Trust(asApprover, manager.signs(asApprover.digest()))))
                .isInstanceOf(Refusal.class).hasMessageContaining("may only add a requester");
        SoftwarePasskey own = SoftwarePasskey.create(manager.id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        KeyringEntrySpec ownKey = new KeyringEntrySpec(manager.id, manager.name, own.credentialId(), own.publicKeyCose(), false, manager.id,
                f.clock.instant());
        assertThatThrownBy(() -> f.signer.trust(new SignerMessages.Trust(ownKey, manager.signs(ownKey.digest()))))
                .isInstanceOf(Refusal.class).hasMessageContaining("cannot endorse a passkey of their own");
        assertThat(f.signer.status().keyring()).extracting(SignerMessages.TrustedPasskey::credentialId)
                .doesNotContain(sock.passkey.credentialId(), own.credentialId());
    }

    @Test
    void refusesAnEndorsementByAnUntrustedKeyOrANonApprover() {
        Fixture.Person mallory = new Fixture.Person(UUID.randomUUID(), "Mallory");
        KeyringEntrySpec self = new KeyringEntrySpec(mallory.id, "Mallory", mallory.passkey.credentialId(), mallory.passkey.publicKeyCose(), true,
                mallory.id, f.clock.instant());
        assertThatThrownBy(() -> f.signer.trust(new SignerMessages.Trust(self, mallory.signs(self.digest()))))
                .hasMessageContaining("endorsing passkey is not in the signer's keyring");
        KeyringEntrySpec byTech = new KeyringEntrySpec(mallory.id, "Mallory", mallory.passkey.credentialId(), mallory.passkey.publicKeyCose(), true,
                tech.id, f.clock.instant());
        assertThatThrownBy(() -> f.signer.trust(new SignerMessages.Trust(byTech, tech.signs(byTech.digest()))))
                .hasMessageContaining("not an approver");
        KeyringEntrySpec namesOther = new KeyringEntrySpec(mallory.id, "Mallory", mallory.passkey.credentialId(), mallory.passkey.publicKeyCose(),
                true, tech.id, f.clock.instant());
        assertThatThrownBy(() -> f.signer.trust(new SignerMessages.Trust(namesOther, manager.signs(namesOther.digest()))))
                .hasMessageContaining("another endorser");
        assertThat(f.signer.status().keyring()).extracting(SignerMessages.TrustedPasskey::displayName).doesNotContain("Mallory");
    }

    @Test
    void everyOutcomeIsInTheChainedLog() {
        TaskSpec task = f.task(tech, 1);
        sign(task, tech.signs(task.digest()), manager.signs(task.digest()));
        assertThatThrownBy(() -> sign(f.task(tech, 1))).isInstanceOf(Refusal.class);
        SignerLog.Verification v = SignerLog.verify(f.dir.resolve("signer.log"));
        assertThat(v.intact()).isTrue();
        // init, two host trusts, one signing, one refusal
        assertThat(v.lines()).isEqualTo(5);
    }
}
