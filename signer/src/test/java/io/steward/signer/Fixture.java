package io.steward.signer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.protocol.task.TaskSpec;
import io.steward.signer.state.HostConfig;
import io.steward.signer.state.SignerHome;
import io.steward.signer.state.TaskKeyStore;

/**
 * A signer home in a temporary directory, people with software passkeys (real ES256 WebAuthn assertions), a clock
 * the test moves, and tasks to sign.
 */
final class Fixture {
    static final String RP = "steward.example.net";
    /** The signing page's origin: the only one whose assertions the signer takes. */
    static final String ORIGIN = "https://signer.steward.example.net";
    /** Steward's own origin, where sign-ins happen. */
    static final String STEWARD = "https://steward.example.net";
    static final char[] PASS = "a passphrase for tests".toCharArray();

    final Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-29T01:30:00Z"));
    final KeyPair key;
    final TaskSigner signer;

    Fixture(Path dir, int maxPerTask, int maxPerHour) {
        this.dir = dir.resolve("signer");
        this.key = HostCommands.init(this.dir, PASS, new HostConfig("127.0.0.1:0", "channel-token", RP, "127.0.0.1:0", ORIGIN,
                        List.of(STEWARD), maxPerTask, maxPerHour),
                clock.instant());
        SignerHome home = new SignerHome(this.dir);
        this.signer = new TaskSigner(home, HostConfig.read(home.config()), ORIGIN, () -> TaskKeyStore.load(home.keyStore(), PASS), clock,
                new SecureRandom());
    }

    Fixture(Path dir) {
        this(dir, 100, 1000);
    }

    /** A person with one passkey, trusted on the host. */
    Person trusted(String name, boolean approver) {
        Person p = new Person(UUID.randomUUID(), name);
        HostCommands.trust(dir, p.id, name, p.passkey.credentialId(), p.passkey.publicKeyCose(), approver, clock.instant());
        return p;
    }

    /** A second passkey of the same person, trusted on the host. */
    SoftwarePasskey secondPasskey(Person p, boolean approver) {
        SoftwarePasskey k = SoftwarePasskey.create(p.id.toString().getBytes(StandardCharsets.UTF_8));
        HostCommands.trust(dir, p.id, p.name, k.credentialId(), k.publicKeyCose(), approver, clock.instant());
        return k;
    }

    TaskSpec task(Person requester, int devices) {
        return task(requester, devices, null, List.of(new Parameter("mode", Parameter.Delivery.ARGUMENT, "quick")));
    }

    TaskSpec task(Person requester, int devices, UUID standardChange, List<Parameter> parameters) {
        return task(requester, devices, standardChange, parameters, CLIENT);
    }

    static final UUID CLIENT = UUID.randomUUID();
    static final String SCRIPT = "a".repeat(64);

    TaskSpec task(Person requester, int devices, UUID standardChange, List<Parameter> parameters, UUID client) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.sort(null);
        Instant now = clock.instant();
        return new TaskSpec(UUID.randomUUID(), client, requester.id, "Clear temp", SCRIPT, "bash", "", 60, 65536, parameters, ids, "now", now,
                now.plus(Duration.ofHours(2)), 10, 2, standardChange);
    }

    static final class Person {
        final UUID id;
        final String name;
        final SoftwarePasskey passkey;

        Person(UUID id, String name) {
            this.id = id;
            this.name = name;
            this.passkey = SoftwarePasskey.create(id.toString().getBytes(StandardCharsets.UTF_8));
        }

        PasskeyAssertion signs(byte[] digest) {
            return passkey.assertion(digest, RP, ORIGIN);
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
