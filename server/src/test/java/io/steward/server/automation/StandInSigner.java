package io.steward.server.automation;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.automation.internal.tasks.StandardCoverage;

/**
 * TEST SCOPE ONLY, until SIGNER is merged: a signer in memory with its own Ed25519 key and keyring. Like the real one it
 * signs a task only with valid assertions over the task's digest from the requester and another trusted person, and a
 * standard run only inside a standard change it holds; otherwise it refuses with its reason.
 */
class StandInSigner implements SignerGateway {
    private record Trusted(UUID person, PublicKey key) {
    }

    private final KeyPair keys;
    private final Map<String, Trusted> keyring = new ConcurrentHashMap<>();
    private final List<StandardChangeSpec> held = new CopyOnWriteArrayList<>();

    StandInSigner() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    PublicKey publicKey() {
        return keys.getPublic();
    }

    /** What the real signer's command line does on its host: trust a person's passkey. */
    void trustFromHost(UUID person, String credentialId, String publicKeyCose) {
        keyring.put(credentialId, new Trusted(person, StandInWebAuthn.coseToKey(publicKeyCose)));
    }

    /** Holds a standard change as if two trusted people had adopted it. */
    void hold(StandardChangeSpec change) {
        held.add(change);
    }

    @Override
    public SignerMessages.Status status() {
        return new SignerMessages.Status(java.util.Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()),
                io.steward.protocol.task.TaskKeys.fingerprint(keys.getPublic()), List.of(), List.of(), List.copyOf(held), 5000, 100_000, 0);
    }

    @Override
    public SignerMessages.Signed signTask(TaskSpec task, List<PasskeyAssertion> assertions) {
        if (task.standardChangeId() != null) {
            throw new Refused("a standard run is signed by signStandardRun");
        }
        Set<UUID> people = new HashSet<>();
        for (PasskeyAssertion a : assertions) {
            people.add(person(task.digest(), a));
        }
        if (!people.contains(task.requestedBy())) {
            throw new Refused("the requester did not sign this task");
        }
        if (people.size() < 2) {
            throw new Refused("two different people must sign a task");
        }
        return sign(task);
    }

    @Override
    public SignerMessages.Signed signStandardRun(TaskSpec task) {
        StandardChangeSpec change = held.stream().filter(c -> c.id().equals(task.standardChangeId())).findFirst()
                .orElseThrow(() -> new Refused("the signer holds no such standard change"));
        if (!StandardCoverage.covers(change, task, Instant.now())) {
            throw new Refused("the run falls outside its standard change");
        }
        return sign(task);
    }

    @Override
    public void adoptStandardChange(StandardChangeSpec change, List<PasskeyAssertion> assertions) {
        Set<UUID> people = new HashSet<>();
        for (PasskeyAssertion a : assertions) {
            people.add(person(change.digest(), a));
        }
        if (people.size() < 2 || !people.contains(change.requestedBy())) {
            throw new Refused("two different trusted people must sign a standard change");
        }
        held.add(change);
    }

    @Override
    public void trust(KeyringEntrySpec entry, PasskeyAssertion endorsement) {
        throw new Refused("the stand-in signer trusts only from its host");
    }

    private UUID person(byte[] digest, PasskeyAssertion a) {
        Trusted t = a == null ? null : keyring.get(a.credentialId());
        if (t == null) {
            throw new Refused("a passkey is not in the signer's keyring");
        }
        String problem = StandInWebAuthn.problem(t.key(), digest, a);
        if (problem != null) {
            throw new Refused(problem);
        }
        return t.person();
    }

    private SignerMessages.Signed sign(TaskSpec task) {
        List<String> args = new ArrayList<>();
        List<String> env = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (Parameter p : task.parameters()) {
            switch (p.delivery()) {
                case ARGUMENT -> args.add(p.value());
                case ENVIRONMENT -> env.add(p.name() + "=" + p.value());
                case SECRET -> secrets.add(p.name() + "=" + p.value());
            }
        }
        env.sort(null);
        secrets.sort(null);
        String digest = HexFormat.of().formatHex(task.digest());
        List<SignerMessages.DeviceSigned> orders = new ArrayList<>();
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (UUID device : task.deviceIds()) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            DeviceOrder order = new DeviceOrder(task.taskId(), device, task.clientId(), digest, task.scriptSha256(), task.interpreter(), task.runAs(),
                    task.timeoutSeconds(), task.outputLimitBytes(), args, env, secrets, HexFormat.of().formatHex(nonce), task.notBefore(),
                    task.notAfter(), task.standardChangeId());
            orders.add(new SignerMessages.DeviceSigned(device, SignedOrder.of(order, keys.getPrivate())));
        }
        return new SignerMessages.Signed(digest, orders);
    }
}
