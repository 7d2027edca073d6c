package io.steward.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import io.steward.agent.task.TaskPolicy;

/**
 * What enrollment leaves for tasks in {@code tasks.properties}: the client this device belongs to, the task signer's
 * public key pinned at enrollment (replaced only by a rotation the old key signed) and the local policy. The server
 * can change none of it.
 *
 * @param clientId  the device's client, or empty when the server did not say (then every order is refused)
 * @param signerKey the pinned signer key (base64 X.509), or empty when the server had no signer (every order refused)
 */
public record TaskSettings(Optional<String> clientId, Optional<String> signerKey, TaskPolicy policy) {
    public static final String FILE_NAME = "tasks.properties";

    /** The settings in {@code dir}; an agent enrolled before tasks existed has tasks off and no key. */
    public static TaskSettings load(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new TaskSettings(Optional.empty(), Optional.empty(), TaskPolicy.OFF);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            TaskPolicy policy = new TaskPolicy(TaskPolicy.Mode.parse(p.getProperty("tasks", "off")),
                    p.containsKey("interpreters") ? TaskPolicy.list(p.getProperty("interpreters")) : TaskPolicy.INTERPRETERS,
                    Integer.parseInt(p.getProperty("maxTimeoutSeconds", Integer.toString(TaskPolicy.DEFAULT_MAX_TIMEOUT)).strip()),
                    TaskPolicy.list(p.getProperty("runAs", "")));
            return new TaskSettings(blank(p.getProperty("clientId")), blank(p.getProperty("signerKey")), policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not valid: " + e.getMessage(), e);
        }
    }

    public TaskSettings withSignerKey(String key) {
        return new TaskSettings(clientId, Optional.of(key), policy);
    }

    public void store(Path dir) {
        Properties p = new Properties();
        clientId.ifPresent(c -> p.setProperty("clientId", c));
        signerKey.ifPresent(k -> p.setProperty("signerKey", k));
        p.setProperty("tasks", policy.mode().word());
        p.setProperty("interpreters", TaskPolicy.join(policy.interpreters()));
        p.setProperty("maxTimeoutSeconds", Integer.toString(policy.maxTimeoutSeconds()));
        p.setProperty("runAs", TaskPolicy.join(policy.runAsUsers()));
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE_NAME + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Steward agent: task signer key and local task policy (set at enrollment; the server cannot change them)");
            }
            AtomicFiles.replace(tmp, dir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME), e);
        }
    }

    private static Optional<String> blank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
