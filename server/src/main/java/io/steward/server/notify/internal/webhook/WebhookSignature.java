package io.steward.server.notify.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): a secret is {@code whsec_} and the base64 of its bytes; a
 * signature is {@code v1,} and the base64 of HMAC-SHA256 over {@code id.timestamp.body}; several signatures (during a
 * secret's rotation) are separated by a space, and a receiver accepts the message when any one verifies.
 */
public final class WebhookSignature {
    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key bytes of a {@code whsec_} secret. */
    public static byte[] keyOf(String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a whsec_ secret");
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }

    /** The {@code webhook-signature} header value: one {@code v1,} signature per secret, newest first. */
    public static String header(List<String> secrets, String messageId, long timestampSeconds, String body) {
        return secrets.stream().map(s -> "v1," + sign(keyOf(s), messageId, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    static String sign(byte[] key, String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
