package io.steward.server.alerting.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Alert source secrets: 256 random bits, shown once, kept as SHA-256 (a secret this long needs no slow hash: nobody
 * guesses it, and the hash only has to make a leaked database useless for posting alerts), compared in constant time.
 */
final class AlertSourceSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when the source does not exist, so an unknown id costs as much as a wrong secret. */
    private static final byte[] NO_SOURCE = hash("no source has this secret");

    private AlertSourceSecrets() {
    }

    /** A new secret: {@code stwa_} and 43 URL-safe characters. */
    static String generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return "stwa_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code presented} hashes to {@code stored} (null stored: no such source, still compared, always false). */
    static boolean matches(String presented, byte[] stored) {
        boolean equal = MessageDigest.isEqual(hash(presented == null ? "" : presented), stored == null ? NO_SOURCE : stored);
        return equal && stored != null && presented != null;
    }
}
