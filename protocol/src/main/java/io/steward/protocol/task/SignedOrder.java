package io.steward.protocol.task;

import java.security.PublicKey;
import java.util.Base64;

/**
 * A device order as it travels from the signer through the server to the agent: the order's canonical bytes and the
 * signer's Ed25519 signature over exactly those bytes, both base64. The server can store and forward it but not
 * change it.
 */
public record SignedOrder(String order, String signature) {

    /** The order, when the signature over its bytes is {@code signerKey}'s; IllegalArgumentException otherwise. */
    public DeviceOrder verify(PublicKey signerKey) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(order);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("the order is not base64", e);
        }
        if (!TaskKeys.verify(signerKey, bytes, signature)) {
            throw new IllegalArgumentException("the signature is not the signer's");
        }
        return DeviceOrder.parse(bytes);
    }

    public static SignedOrder of(DeviceOrder order, java.security.PrivateKey signerKey) {
        byte[] bytes = order.canonical();
        return new SignedOrder(Base64.getEncoder().encodeToString(bytes), TaskKeys.sign(signerKey, bytes));
    }
}
