package io.steward.agent.patch;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import io.steward.agent.config.AtomicFiles;

/**
 * The device's own patch settings in {@code patch.properties}, set on the device ({@code steward-agent patching}) and
 * never by the server: whether the agent may refresh the package metadata when the server's plan asks (default yes),
 * apt options ({@code KEY=VALUE}, passed as {@code -o} to every apt program the agent runs) and an apt configuration
 * file ({@code APT_CONFIG} for those programs: a private configuration whose {@code Dir::Etc::Parts} can replace
 * {@code /etc/apt/apt.conf.d} entirely).
 */
public record PatchSettings(boolean refreshAllowed, List<String> aptOptions, Optional<Path> aptConfig) {
    public static final String FILE_NAME = "patch.properties";
    public static final PatchSettings DEFAULT = new PatchSettings(true, List.of(), Optional.empty());
    private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_.+-]*=[^\\n\\x00]*");

    public PatchSettings {
        aptOptions = List.copyOf(aptOptions);
        for (String o : aptOptions) {
            if (!OPTION.matcher(o).matches()) {
                throw new IllegalArgumentException("an apt option is KEY=VALUE (e.g. Dir::State=/srv/apt/state), not " + o);
            }
        }
        if (aptConfig.isPresent() && !aptConfig.get().isAbsolute()) {
            throw new IllegalArgumentException("the apt configuration file must be an absolute path: " + aptConfig.get());
        }
    }

    public static PatchSettings load(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return DEFAULT;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> options = new ArrayList<>();
        for (int i = 1; p.containsKey("aptOption." + i); i++) {
            options.add(p.getProperty("aptOption." + i));
        }
        String refresh = p.getProperty("refreshMetadata", "allow").strip();
        if (!refresh.equals("allow") && !refresh.equals("deny")) {
            throw new IllegalStateException(file + ": refreshMetadata is allow or deny, not " + refresh);
        }
        String config = p.getProperty("aptConfig", "").strip();
        try {
            return new PatchSettings(refresh.equals("allow"), options, config.isEmpty() ? Optional.empty() : Optional.of(Path.of(config)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not valid: " + e.getMessage(), e);
        }
    }

    public void store(Path dir) {
        Properties p = new Properties();
        p.setProperty("refreshMetadata", refreshAllowed ? "allow" : "deny");
        for (int i = 0; i < aptOptions.size(); i++) {
            p.setProperty("aptOption." + (i + 1), aptOptions.get(i));
        }
        aptConfig.ifPresent(c -> p.setProperty("aptConfig", c.toString()));
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE_NAME + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Steward agent: local patch settings (set on this device; the server cannot change them)");
            }
            AtomicFiles.replace(tmp, dir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME), e);
        }
    }

    /** One line for {@code status}. */
    public String describe() {
        return "metadata refresh " + (refreshAllowed ? "allowed" : "denied") + (aptOptions.isEmpty() ? "" : "; apt options " + String.join(" ", aptOptions))
                + aptConfig.map(c -> "; APT_CONFIG " + c).orElse("");
    }
}
