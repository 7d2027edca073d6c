package io.steward.agent.security;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.steward.agent.patch.Commands;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * SSH accepts no passwords: {@code PasswordAuthentication no} and {@code KbdInteractiveAuthentication no} (or its
 * older name {@code ChallengeResponseAuthentication}; both names set the same option). Read from {@code sshd_config}
 * the way sshd reads it: keywords in any case, the first value of an option wins, {@code Include} (relative paths
 * under {@code /etc/ssh}, globs sorted by name, as Debian's {@code sshd_config.d/*.conf}) read where it stands.
 * Unset options have sshd's defaults: both yes.
 *
 * <p>{@code Match} blocks: their settings do not change the global values (as in sshd), but a block that turns
 * password or keyboard-interactive logins on for some users or addresses fails the check all the same, and the
 * evidence names the block: a password login for anyone is what the check is about.
 *
 * <p>{@code sshd -T} prints the effective global values (compiled-in defaults and distribution patches included), but
 * only as root and only where sshd finds its host keys; when it works for the default configuration its global values
 * are used and the file is still read for Match blocks. Without sshd and without a configuration file there is no SSH
 * server, which passes.
 */
final class SshPasswordLogin implements Check {
    static final Path DEFAULT_CONFIG = Path.of("/etc/ssh/sshd_config");
    private static final int MAX_FILES = 64;

    private final Path config;
    private final Programs programs;
    private final boolean systemConfig;

    /** @param systemConfig whether {@code config} is the one sshd itself reads (then {@code sshd -T} is asked too) */
    SshPasswordLogin(Path config, Programs programs, boolean systemConfig) {
        this.config = config;
        this.programs = programs;
        this.systemConfig = systemConfig;
    }

    @Override
    public String id() {
        return SecurityCheckMessages.SSH_PASSWORD_LOGIN;
    }

    /** What the configuration says: the global values (null = unset, sshd's default) and where they came from. */
    static final class Settings {
        String password;
        String passwordWhere;
        String keyboard;
        String keyboardWhere;
        final List<String> matchEnables = new ArrayList<>();
        int files;
    }

    @Override
    public SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan) {
        boolean sshd = programs.installed("sshd");
        if (!Files.exists(config)) {
            return sshd ? Check.unknown(id(), "sshd is installed but " + config + " does not exist")
                    : Check.pass(id(), "no SSH server: neither sshd nor " + config);
        }
        Settings s = new Settings();
        try {
            read(config, config.getParent(), s, false);
        } catch (IOException e) {
            return Check.unknown(id(), "cannot read " + config + ": " + e.getMessage());
        }
        String source = config.toString();
        if (sshd && systemConfig) {
            Commands.Output t = programs.run(List.of("sshd", "-T"));
            if (t.ok()) {
                s.password = effective(t.stdout(), "passwordauthentication", s.password);
                s.keyboard = effective(t.stdout(), "kbdinteractiveauthentication", effective(t.stdout(), "challengeresponseauthentication", s.keyboard));
                s.passwordWhere = "sshd -T";
                s.keyboardWhere = "sshd -T";
                source = "sshd -T and " + config;
            }
        }
        boolean password = !"no".equals(s.password);
        boolean keyboard = !"no".equals(s.keyboard);
        String evidence = "PasswordAuthentication " + (s.password == null ? "yes (default)" : s.password + " (" + s.passwordWhere + ")")
                + ", KbdInteractiveAuthentication " + (s.keyboard == null ? "yes (default)" : s.keyboard + " (" + s.keyboardWhere + ")")
                + (s.matchEnables.isEmpty() ? "" : "; Match blocks allowing it: " + String.join("; ", s.matchEnables)) + "; from " + source;
        if (password || keyboard || !s.matchEnables.isEmpty()) {
            return Check.fail(id(), "SSH accepts passwords: " + evidence, null);
        }
        return Check.pass(id(), "SSH accepts no passwords: " + evidence);
    }

    private static String effective(String dump, String key, String fallback) {
        for (String line : dump.split("\n")) {
            String[] kv = line.strip().split("\\s+", 2);
            if (kv.length == 2 && kv[0].equalsIgnoreCase(key)) {
                return kv[1].strip().toLowerCase(Locale.ROOT);
            }
        }
        return fallback;
    }

    /** Reads one file into {@code s}; {@code inMatch}: the file was included from inside a Match block. Returns whether it ended in one. */
    static boolean read(Path file, Path base, Settings s, boolean inMatch) throws IOException {
        if (++s.files > MAX_FILES) {
            throw new IOException("more than " + MAX_FILES + " files included (a loop?)");
        }
        String match = inMatch ? "Match (around an Include)" : null;
        int lineNo = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // "Keyword value" or "Keyword=value"
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            String where = file.getFileName() + ":" + lineNo;
            switch (key) {
                case "match" -> match = value.equalsIgnoreCase("all") ? null : "Match " + value + " (" + where + ")";
                case "include" -> {
                    for (String pattern : value.split("\\s+")) {
                        for (Path included : expand(base, pattern)) {
                            read(included, base, s, match != null);
                        }
                    }
                }
                case "passwordauthentication" -> {
                    if (match != null) {
                        enabledInMatch(s, match, raw.strip(), value);
                    } else if (s.password == null) {
                        s.password = value.toLowerCase(Locale.ROOT);
                        s.passwordWhere = where;
                    }
                }
                case "kbdinteractiveauthentication", "challengeresponseauthentication" -> {
                    if (match != null) {
                        enabledInMatch(s, match, raw.strip(), value);
                    } else if (s.keyboard == null) {
                        s.keyboard = value.toLowerCase(Locale.ROOT);
                        s.keyboardWhere = where;
                    }
                }
                default -> {
                }
            }
        }
        return match != null;
    }

    private static void enabledInMatch(Settings s, String match, String line, String value) {
        if (!value.equalsIgnoreCase("no")) {
            s.matchEnables.add(match + ": " + line);
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** An Include pattern: relative to /etc/ssh (the base), a glob only in the file name part, matches sorted as glob(3) does. */
    static List<Path> expand(Path base, String pattern) throws IOException {
        Path p = Path.of(pattern);
        Path full = p.isAbsolute() ? p : base.resolve(p);
        String name = full.getFileName().toString();
        Path dir = full.getParent();
        List<Path> out = new ArrayList<>();
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            if (Files.isRegularFile(full)) {
                out.add(full);
            }
            return out;
        }
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
            for (Path f : ds) {
                if (Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        }
        out.sort(null);
        return out;
    }
}
