package io.steward.server.notify.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check, written from the Standard Webhooks specification and independent of Steward's signing code:
 * the secret is the base64 after {@code whsec_}; the signed content is {@code id.timestamp.body}; the header holds
 * space-separated {@code v1,<base64 HMAC-SHA256>} signatures, any one of which may match; a timestamp more than five
 * minutes from the receiver's clock is refused (replay protection).
 */
final class StandardWebhooksVerifier {
    static final long TOLERANCE_SECONDS = 5 * 60;

    private StandardWebhooksVerifier() {
    }

    static boolean verifies(String secret, Map<String, String> headers, String body, Instant receiverNow) throws Exception {
        String id = headers.get("webhook-id");
        String timestamp = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        if (Math.abs(receiverNow.getEpochSecond() - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String signature : signatures.split(" ")) {
            String[] parts = signature.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1") && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                return true;
            }
        }
        return false;
    }
}
