package io.steward.server.platform.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.steward.server.platform.SecretBox;
import io.steward.server.platform.StartupProblem;

/**
 * {@link SecretBox} over one 256-bit master key. Sealed text is {@code v1.} + base64url(nonce ‖ ciphertext ‖ tag); the
 * version prefix leaves room to rotate the key later. The encryption and MAC keys are derived from the master key
 * (HMAC-SHA256 as a PRF, one label each), so the master key itself never touches data.
 */
final class KeyFileSecretBox implements SecretBox {
    private static final String PREFIX = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] master;
    private final SecretKeySpec encryption;

    private KeyFileSecretBox(byte[] master) {
        this.master = master.clone();
        this.encryption = new SecretKeySpec(derive("steward:seal"), "AES");
    }

    /** The key from {@code configured} (base64, 32 bytes) when given, else from {@code home}/keys/secret.key, made once. */
    static KeyFileSecretBox load(String configured, Path home) {
        if (configured != null && !configured.isBlank()) {
            return new KeyFileSecretBox(decodeKey(configured.strip(), "STEWARD_SECRET_KEY"));
        }
        Path file = home.resolve("keys").resolve("secret.key");
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
                } catch (FileAlreadyExistsException raced) {
                    // another start made it between the check and the create: use theirs
                } catch (UnsupportedOperationException notPosix) {
                    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
                }
            }
            return new KeyFileSecretBox(decodeKey(Files.readString(file).strip(), file.toString()));
        } catch (IOException e) {
            throw new StartupProblem("The secret key " + file + " cannot be read or made (" + e.getMessage() + ").");
        }
    }

    private static byte[] decodeKey(String text, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new StartupProblem(where + " is not base64.");
        }
        if (key.length != 32) {
            throw new StartupProblem(where + " must hold 32 bytes (base64 of 32 random bytes); it holds " + key.length + ".");
        }
        return key;
    }

    @Override
    public String seal(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryption, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("Not a sealed secret.");
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
            if (all.length < NONCE_BYTES + 16) {
                throw new IllegalStateException("Not a sealed secret.");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryption, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException("The secret was not sealed with this key or was changed.", e);
        }
    }

    @Override
    public byte[] mac(String purpose, byte[] data) {
        return hmac(derive("steward:mac:" + purpose), data);
    }

    private byte[] derive(String label) {
        return hmac(master, label.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
