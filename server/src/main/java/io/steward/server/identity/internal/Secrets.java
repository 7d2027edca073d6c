package io.steward.server.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets for one-time passwords, recovery codes and API tokens, and their digests. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final char[] CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

    private Secrets() {
    }

    /** A 20-character password without look-alike characters. */
    public static String oneTimePassword() {
        return randomString(PASSWORD_ALPHABET, 20);
    }

    /** A recovery code such as {@code k7mq-2xhd-9tpa}: 60 bits, easy to type. */
    public static String recoveryCode() {
        String s = randomString(CODE_ALPHABET, 12);
        return s.substring(0, 4) + "-" + s.substring(4, 8) + "-" + s.substring(8);
    }

    /** An API token: a recognisable prefix and 256 random bits. */
    public static String apiToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "stw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 in hex; enough for high-entropy secrets, which need no slow hash. */
    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomString(char[] alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet[RANDOM.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }
}
