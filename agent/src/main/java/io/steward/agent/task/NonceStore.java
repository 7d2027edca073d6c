package io.steward.agent.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.steward.agent.config.AtomicFiles;

/**
 * The nonces of orders this agent accepted, on disk ({@code task-nonces}: one {@code nonce notAfter} line each), so a
 * replayed order is refused even after a restart. A nonce is kept until its order's validity (plus the clock skew
 * allowed) has passed: after that the order is refused as expired anyway.
 */
public final class NonceStore {
    public static final String FILE_NAME = "task-nonces";
    private final Path file;
    private final Map<String, Long> seen = new HashMap<>();

    public NonceStore(Path dir) {
        this.file = dir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.strip().split(" ");
                    if (parts.length == 2) {
                        seen.put(parts[0], Long.parseLong(parts[1]));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(file + " is damaged; refusing to forget which orders ran", e);
            }
        }
    }

    public synchronized boolean seen(String nonce) {
        return seen.containsKey(nonce);
    }

    /** Records the nonce durably (before the order runs) and drops those whose orders can no longer be valid. */
    public synchronized void remember(String nonce, Instant notAfter, Instant now) {
        long forgetBefore = now.getEpochSecond() - OrderVerifier.SKEW.toSeconds();
        seen.values().removeIf(until -> until < forgetBefore);
        seen.put(nonce, notAfter.getEpochSecond());
        StringBuilder text = new StringBuilder();
        seen.forEach((n, until) -> text.append(n).append(' ').append(until).append('\n'));
        try {
            AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            seen.remove(nonce);
            throw new UncheckedIOException("cannot record the order's nonce in " + file, e);
        }
    }
}
