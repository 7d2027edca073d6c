package io.steward.server.automation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.SoftwarePasskey;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.UserId;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test-scope stand-ins for two contracts other parts of issue 17 implement in parallel (identity's PasskeyDirectory:
 * PASSKEY; the SignerGateway: SIGNER). Registered only when the real beans are missing, so after the merge the real
 * ones are used and these stay dormant. They are not fakes that say yes: the directory verifies real ES256 WebAuthn
 * assertions (made by {@link SoftwarePasskey}) against registered public keys, challenge and owner; the signer stand-in
 * adopts a standard change only with two verified assertions by two distinct people, the first the requester, every
 * passkey in its own keyring.
 */
@Configuration(proxyBeanMethods = false)
public class StandInsUntilMerge {

    @Bean
    @ConditionalOnMissingBean(PasskeyDirectory.class)
    StandInPasskeys standInPasskeys() {
        return new StandInPasskeys();
    }

    @Bean
    @ConditionalOnMissingBean(SignerGateway.class)
    StandInSigner standInSigner(PasskeyDirectory passkeys) {
        return new StandInSigner(passkeys);
    }

    /** Passkeys registered by tests; verification as a relying party does it (type, challenge, owner, ES256 signature). */
    public static final class StandInPasskeys implements PasskeyDirectory {
        private final Map<String, Passkey> keys = new ConcurrentHashMap<>();

        public void register(UserId user, SoftwarePasskey key) {
            keys.put(key.credentialId(), new Passkey(user, key.credentialId(), key.publicKeyCose(), "test key", Instant.EPOCH, null));
        }

        @Override
        public List<Passkey> passkeysOf(UserId user) {
            return keys.values().stream().filter(p -> p.userId().equals(user)).toList();
        }

        @Override
        public Optional<Passkey> passkey(String credentialId) {
            return Optional.ofNullable(keys.get(credentialId));
        }

        @Override
        public Passkey verify(UserId user, byte[] challenge, PasskeyAssertion a) {
            Passkey p = keys.get(a.credentialId());
            if (p == null) {
                throw new InvalidInputException("assertion", "unknown passkey");
            }
            if (!p.userId().equals(user)) {
                throw new InvalidInputException("assertion", "another person's passkey");
            }
            Base64.Decoder d = Base64.getUrlDecoder();
            String clientData = new String(d.decode(a.clientDataJson()), StandardCharsets.UTF_8);
            String expected = "\"challenge\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(challenge) + "\"";
            if (!clientData.contains("\"type\":\"webauthn.get\"") || !clientData.contains(expected)) {
                throw new InvalidInputException("assertion", "wrong challenge");
            }
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initVerify(publicKey(d.decode(p.publicKeyCose())));
                s.update(d.decode(a.authenticatorData()));
                s.update(MessageDigest.getInstance("SHA-256").digest(clientData.getBytes(StandardCharsets.UTF_8)));
                if (!s.verify(d.decode(a.signature()))) {
                    throw new InvalidInputException("assertion", "bad signature");
                }
            } catch (GeneralSecurityException e) {
                throw new InvalidInputException("assertion", "bad signature");
            }
            return p;
        }

        /** The EC2 P-256 COSE key {@link SoftwarePasskey} writes: x at bytes 10-41, y at 45-76. */
        private static PublicKey publicKey(byte[] cose) throws GeneralSecurityException {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(cose, 10, 42)), new BigInteger(1, Arrays.copyOfRange(cose, 45, 77)));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params.getParameterSpec(ECParameterSpec.class)));
        }
    }

    /** Holds adopted standard changes; its keyring is the passkeys a test trusts. Everything else is unavailable. */
    public static final class StandInSigner implements SignerGateway {
        private final PasskeyDirectory passkeys;
        private final Set<String> keyring = ConcurrentHashMap.newKeySet();
        private final List<StandardChangeSpec> held = new CopyOnWriteArrayList<>();

        StandInSigner(PasskeyDirectory passkeys) {
            this.passkeys = passkeys;
        }

        public void trustForTest(String credentialId) {
            keyring.add(credentialId);
        }

        @Override
        public SignerMessages.Status status() {
            return new SignerMessages.Status("", "", List.of(), List.of(), List.copyOf(held), 0, 0, 0);
        }

        @Override
        public void adoptStandardChange(StandardChangeSpec change, List<PasskeyAssertion> assertions) {
            if (assertions.size() != 2) {
                throw new Refused("a standard change needs the requester's and one approver's assertions");
            }
            Set<UserId> people = new HashSet<>();
            List<UserId> order = new ArrayList<>();
            for (PasskeyAssertion a : assertions) {
                if (!keyring.contains(a.credentialId())) {
                    throw new Refused("passkey " + a.credentialId() + " is not in the signer's keyring");
                }
                PasskeyDirectory.Passkey p = passkeys.passkey(a.credentialId()).orElseThrow(() -> new Refused("unknown passkey"));
                try {
                    passkeys.verify(p.userId(), change.digest(), a);
                } catch (InvalidInputException e) {
                    throw new Refused("an assertion does not verify: " + e.getMessage());
                }
                people.add(p.userId());
                order.add(p.userId());
            }
            if (people.size() != 2) {
                throw new Refused("the requester and the approver must be two people");
            }
            if (!order.getFirst().value().equals(change.requestedBy())) {
                throw new Refused("the first assertion is not the requester's");
            }
            held.add(change);
        }

        @Override
        public SignerMessages.Signed signTask(TaskSpec task, List<PasskeyAssertion> assertions) {
            throw new Unavailable("the LIBRARY part's test stand-in signs no tasks", null);
        }

        @Override
        public SignerMessages.Signed signStandardRun(TaskSpec task) {
            throw new Unavailable("the LIBRARY part's test stand-in signs no tasks", null);
        }

        @Override
        public void trust(KeyringEntrySpec entry, PasskeyAssertion endorsement) {
            throw new Unavailable("the LIBRARY part's test stand-in has no keyring command", null);
        }
    }
}
