package io.steward.agent.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.steward.agent.config.AtomicFiles;
import io.steward.agent.patch.Commands;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * No new members in the admin groups: the members of {@code sudo}, {@code wheel} and {@code admin} listed in
 * {@code /etc/group} (Windows: the Administrators group, by its well-known SID so a localized name does not matter)
 * that are neither in the plan's known admins nor in the agent's baseline fail. The baseline is the members at the
 * agent's first round of this check, written to {@code admin-baseline.txt} in the agent's state directory and never
 * updated by the agent (the server's list is how a new admin becomes known; deleting the file takes a new baseline).
 * Users whose primary group is one of these are not listed in {@code /etc/group} and are not seen. When a user joined
 * is not recorded anywhere the agent can read, so a failure has no observedAt.
 */
final class AdminGroup implements Check {
    static final Path GROUP = Path.of("/etc/group");
    static final String BASELINE = "admin-baseline.txt";
    static final List<String> GROUPS = List.of("sudo", "wheel", "admin");
    static final String WINDOWS_SCRIPT = "Get-LocalGroupMember -SID 'S-1-5-32-544' | Select-Object Name, ObjectClass, PrincipalSource | ConvertTo-Json -Compress";

    private final Path groupFile;
    private final Path stateDir;
    private final Programs programs;
    private final boolean windows;

    AdminGroup(Path groupFile, Path stateDir, Programs programs, boolean windows) {
        this.groupFile = groupFile;
        this.stateDir = stateDir;
        this.programs = programs;
        this.windows = windows;
    }

    @Override
    public String id() {
        return SecurityCheckMessages.ADMIN_GROUP;
    }

    @Override
    public SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan) {
        // member -> the groups it is in
        Map<String, TreeSet<String>> members = new TreeMap<>();
        if (windows) {
            Commands.Output out = programs.run(Programs.powershell(WINDOWS_SCRIPT));
            if (!out.ok()) {
                return Check.unknown(id(), "Get-LocalGroupMember failed: " + out.lastError());
            }
            for (Map<String, Object> o : JsonTree.objects(JsonTree.parse(out.stdout()))) {
                members.computeIfAbsent(JsonTree.text(o, "Name"), k -> new TreeSet<>()).add("Administrators");
            }
        } else {
            List<String> lines;
            try {
                lines = Files.readAllLines(groupFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return Check.unknown(id(), "cannot read " + groupFile + ": " + e.getMessage());
            }
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && GROUPS.contains(f[0])) {
                    for (String m : f[3].split(",")) {
                        if (!m.isBlank()) {
                            members.computeIfAbsent(m.strip(), k -> new TreeSet<>()).add(f[0]);
                        }
                    }
                }
            }
        }
        Path baselineFile = stateDir.resolve(BASELINE);
        TreeSet<String> baseline = new TreeSet<>();
        boolean first = !Files.exists(baselineFile);
        try {
            if (first) {
                baseline.addAll(members.keySet());
                Files.createDirectories(stateDir);
                Path tmp = stateDir.resolve(BASELINE + ".tmp");
                Files.write(tmp, baseline, StandardCharsets.UTF_8);
                AtomicFiles.replace(tmp, baselineFile);
            } else {
                for (String line : Files.readAllLines(baselineFile, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        baseline.add(line.strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin baseline " + baselineFile, e);
        }
        List<String> known = plan.admins() == null ? List.of() : plan.admins();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, TreeSet<String>> e : members.entrySet()) {
            if (!baseline.contains(e.getKey()) && !knows(known, e.getKey())) {
                unexpected.add(e.getKey() + " (" + String.join(", ", e.getValue()) + ")");
            }
        }
        String all = members.isEmpty() ? "none" : String.join(", ", members.keySet());
        if (!unexpected.isEmpty()) {
            return Check.fail(id(), "new admin-group members: " + String.join(", ", unexpected) + "; all members: " + all, null);
        }
        return Check.pass(id(), (first ? "baseline taken; " : "") + "admin-group members: " + all);
    }

    /** Windows names are DOMAIN\\user and case-insensitive; a plan may name them with or without the domain. */
    private boolean knows(List<String> known, String member) {
        for (String k : known) {
            if (k.equals(member) || windows && (k.equalsIgnoreCase(member) || member.toLowerCase(java.util.Locale.ROOT).endsWith("\\" + k.toLowerCase(java.util.Locale.ROOT)))) {
                return true;
            }
        }
        return false;
    }
}
