package io.steward.server.support;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;

/**
 * What an authenticator app would show. The server accepts each time step once and tolerates one
 * step of drift either way, so {@link #next} hands out unused steps and waits only when all three
 * near steps are spent.
 */
public final class TotpCodes {
    private static final Map<String, Long> LAST_USED = new ConcurrentHashMap<>();

    private TotpCodes() {
    }

    public static String forStep(String secret, long step) {
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String now(String secret) {
        return forStep(secret, Instant.now().getEpochSecond() / 30);
    }

    public static synchronized String next(String secret) {
        long now = Instant.now().getEpochSecond() / 30;
        long candidate = Math.max(now, LAST_USED.getOrDefault(secret, Long.MIN_VALUE + 1) + 1);
        while (candidate > now + 1) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            now = Instant.now().getEpochSecond() / 30;
            candidate = Math.max(now, candidate);
        }
        LAST_USED.put(secret, candidate);
        return forStep(secret, candidate);
    }
}
