package io.steward.agent.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What this device lets signed tasks do, set at install in the agent's own configuration and never changeable by the
 * server: whether tasks run at all ({@code off}, only standard changes, or {@code all}), which interpreters, the
 * longest timeout and which users a task may run as besides the agent's own.
 */
public record TaskPolicy(Mode mode, Set<String> interpreters, int maxTimeoutSeconds, Set<String> runAsUsers) {
    /**
     * The interpreters a device may allow: the four script interpreters, the built-in {@code patch} (installing
     * updates with the package manager, {@link io.steward.protocol.patch.PatchInstall}) and the built-in
     * {@code restore-test} (restoring a sample of a local backup job, {@link io.steward.protocol.backup.RestoreTest}).
     */
    public static final Set<String> KNOWN = Set.of("bash", "sh", "powershell", "python", "patch", "restore-test");
    /**
     * What a device allows when its settings name no interpreters: the script interpreters, not {@code patch} nor
     * {@code restore-test} (which reads the backup repositories with their passwords).
     * Installing updates changes the system as root, which is a different decision from running scripts, so a
     * device that wants it says so ({@code --interpreters bash,sh,patch}).
     */
    public static final Set<String> INTERPRETERS = Set.of("bash", "sh", "powershell", "python");
    public static final int DEFAULT_MAX_TIMEOUT = 3600;
    public static final TaskPolicy OFF = new TaskPolicy(Mode.OFF, INTERPRETERS, DEFAULT_MAX_TIMEOUT, Set.of());

    public enum Mode {
        OFF, STANDARD, ALL;

        public static Mode parse(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "", "off" -> OFF;
                case "standard" -> STANDARD;
                case "all" -> ALL;
                default -> throw new IllegalArgumentException("tasks is off, standard or all, not " + text);
            };
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TaskPolicy {
        interpreters = Set.copyOf(interpreters);
        runAsUsers = Set.copyOf(runAsUsers);
        for (String i : interpreters) {
            if (!KNOWN.contains(i)) {
                throw new IllegalArgumentException("interpreters are bash, sh, powershell, python, patch and restore-test, not " + i);
            }
        }
        for (String u : runAsUsers) {
            if (!u.matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?")) {
                throw new IllegalArgumentException("not a user name: " + u);
            }
        }
        if (maxTimeoutSeconds < 1 || maxTimeoutSeconds > 86400) {
            throw new IllegalArgumentException("the largest timeout is 1 to 86400 seconds");
        }
    }

    /** A comma-separated list as a set; blank is empty. */
    public static Set<String> list(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    public static String join(Set<String> values) {
        return String.join(",", new TreeSet<>(values));
    }

    /** One line for {@code status}. */
    public String describe() {
        if (mode == Mode.OFF) {
            return "off (this device runs no task)";
        }
        return mode.word() + "; interpreters " + join(interpreters) + "; timeout at most " + maxTimeoutSeconds + " s; run as "
                + (runAsUsers.isEmpty() ? "the agent's user only" : "the agent's user or " + join(runAsUsers));
    }
}
