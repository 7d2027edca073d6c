package io.steward.signer.rules;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import io.steward.protocol.task.DeviceOrder;
import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.SignedOrder;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.TaskSpec;

/**
 * Makes the signed orders of an approved task: one per device, each with a fresh 16-byte nonce, the task's window,
 * arguments in the task's order, environment and secret hashes sorted by name.
 */
public final class OrderFactory {
    private final SecureRandom random;

    public OrderFactory(SecureRandom random) {
        this.random = random;
    }

    public SignerMessages.Signed sign(TaskSpec task, PrivateKey key) {
        Ed25519PrivateKeyParameters signer = rawKey(key);
        String digest = HexFormat.of().formatHex(task.digest());
        List<String> arguments = new ArrayList<>();
        List<String> environment = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (Parameter p : task.parameters()) {
            switch (p.delivery()) {
                case ARGUMENT -> arguments.add(p.value());
                case ENVIRONMENT -> environment.add(p.name() + "=" + p.value());
                case SECRET -> secrets.add(p.name() + "=" + p.value());
            }
        }
        environment.sort(Comparator.naturalOrder());
        secrets.sort(Comparator.naturalOrder());
        List<SignerMessages.DeviceSigned> orders = new ArrayList<>(task.deviceIds().size());
        byte[] nonce = new byte[16];
        for (var device : task.deviceIds()) {
            random.nextBytes(nonce);
            DeviceOrder order = new DeviceOrder(task.taskId(), device, task.clientId(), digest, task.scriptSha256(), task.interpreter(),
                    task.runAs(), task.timeoutSeconds(), task.outputLimitBytes(), arguments, environment, secrets,
                    HexFormat.of().formatHex(nonce), task.notBefore(), task.notAfter(), task.standardChangeId());
            orders.add(new SignerMessages.DeviceSigned(device, sign(order, signer)));
        }
        return new SignerMessages.Signed(digest, orders);
    }

    /*
     * Bouncy Castle's Ed25519 rather than the JDK's: the same deterministic signatures (RFC 8032, so the same bytes
     * SignedOrder.of would make and agents verify with the JDK), at several times fewer CPU cycles per signature, which
     * is what bounds the signer's signatures per second.
     */
    private static SignedOrder sign(DeviceOrder order, Ed25519PrivateKeyParameters key) {
        byte[] bytes = order.canonical();
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(bytes, 0, bytes.length);
        Base64.Encoder b64 = Base64.getEncoder();
        return new SignedOrder(b64.encodeToString(bytes), b64.encodeToString(s.generateSignature()));
    }

    /** The 32-byte seed from the key's PKCS#8 form (RFC 8410: an OCTET STRING inside the private key OCTET STRING). */
    private static Ed25519PrivateKeyParameters rawKey(PrivateKey key) {
        byte[] pkcs8 = key.getEncoded();
        if (pkcs8 == null || pkcs8.length != 48 || pkcs8[pkcs8.length - 34] != 0x04 || pkcs8[pkcs8.length - 33] != 0x20) {
            throw new IllegalStateException("the task key is not a PKCS#8 Ed25519 key");
        }
        return new Ed25519PrivateKeyParameters(pkcs8, pkcs8.length - Ed25519PrivateKeyParameters.KEY_SIZE);
    }
}
