package io.steward.agent.patch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.patch.PatchMessages;

/**
 * apt (Debian, Ubuntu): the scan is a simulated {@code dist-upgrade} that ignores holds (so held packages show their
 * candidate too, marked held), {@code apt-mark showhold}, and {@code apt-cache policy} for what apt keeps back; the
 * simulation takes no lock ({@code Debug::NoLocking}), so it works as the agent's own user. Every apt program gets
 * the device's local apt options ({@code -o KEY=VALUE}, from {@link PatchSettings}), which is also how tests point
 * apt at a private repository, state and dpkg database.
 */
final class Apt implements PackageManager {
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration INSTALL_TIMEOUT = Duration.ofHours(2);
    private final List<String> options;
    private final Path runDir;

    /** @param aptOptions {@code KEY=VALUE} options for every apt program; @param runDir where {@code reboot-required} is looked for */
    Apt(List<String> aptOptions, Path runDir) {
        List<String> o = new ArrayList<>();
        for (String option : aptOptions) {
            o.add("-o");
            o.add(option);
        }
        this.options = List.copyOf(o);
        this.runDir = runDir;
    }

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public Commands.Output refresh(Commands commands) {
        return commands.run(command("apt-get", "-q", "update"), SCAN_TIMEOUT);
    }

    @Override
    public Found scan(Commands commands) {
        Commands.Output sim = commands.run(command("apt-get", "-s", "-q", "-o", "Debug::NoLocking=1", "-o", "APT::Ignore-Hold=true", "dist-upgrade"),
                SCAN_TIMEOUT);
        if (!sim.ok()) {
            throw new IllegalStateException("apt-get -s dist-upgrade failed: " + sim.lastError());
        }
        Commands.Output hold = commands.run(command("apt-mark", "showhold"), SCAN_TIMEOUT);
        Set<String> holds = hold.ok() ? AptOutput.holds(hold.stdout()) : Set.of();
        List<PatchMessages.Update> updates = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (AptOutput.Upgrade u : AptOutput.upgrades(sim.stdout())) {
            seen.add(u.name());
            String bare = u.name().contains(":") ? u.name().substring(0, u.name().indexOf(':')) : u.name();
            updates.add(new PatchMessages.Update(u.name(), u.arch(), u.installed(), u.candidate(), String.join(", ", u.origins()),
                    AptOutput.security(u.origins()), "", List.of(), holds.contains(u.name()) || holds.contains(bare)));
        }
        List<String> kept = AptOutput.keptBack(sim.stdout()).stream().filter(n -> !seen.contains(n)).toList();
        if (!kept.isEmpty()) {
            List<String> argv = new ArrayList<>(command("apt-cache", "policy"));
            argv.addAll(kept);
            Commands.Output policy = commands.run(argv, SCAN_TIMEOUT);
            AptOutput.policies(policy.stdout()).forEach((name, p) -> {
                if (!p.installed().equals("(none)") && !p.candidate().equals(p.installed())) {
                    updates.add(new PatchMessages.Update(name, "", p.installed(), p.candidate(), String.join(", ", p.origins()),
                            AptOutput.security(p.origins()), "", List.of(), true));
                }
            });
        }
        return new Found(updates, RebootStatus.required(runDir), RebootStatus.packages(runDir), listsRefreshedAt(commands));
    }

    @Override
    public Commands.Output install(Commands commands, List<PatchInstall.Package> packages) {
        List<String> argv = new ArrayList<>(command("apt-get", "-y", "-q", "-o", "Dpkg::Options::=--force-confdef", "-o",
                "Dpkg::Options::=--force-confold", "install", "--only-upgrade"));
        packages.forEach(p -> argv.add(p.name() + "=" + p.version()));
        return commands.run(argv, INSTALL_TIMEOUT, false);
    }

    @Override
    public Map<String, String> installed(Commands commands, List<String> names) {
        List<String> argv = new ArrayList<>(command("apt-cache", "policy"));
        argv.addAll(names);
        Map<String, AptOutput.Policy> policies = AptOutput.policies(commands.run(argv, SCAN_TIMEOUT, false).stdout());
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            AptOutput.Policy p = policies.get(n);
            out.put(n, p == null || p.installed().equals("(none)") ? "" : p.installed());
        }
        return out;
    }

    /** When the package lists were last fetched: the newest list file in apt's lists directory (as the local options place it). */
    private Long listsRefreshedAt(Commands commands) {
        Commands.Output dir = commands.run(command("apt-config", "shell", "LISTS", "Dir::State::Lists/d"), SCAN_TIMEOUT);
        String text = dir.stdout().strip();
        if (!dir.ok() || !text.startsWith("LISTS='")) {
            return null;
        }
        Path lists = Path.of(text.substring(7, text.lastIndexOf('\'')));
        try (Stream<Path> files = Files.list(lists)) {
            return files.filter(f -> f.getFileName().toString().contains("Packages") || f.getFileName().toString().endsWith("Release"))
                    .mapToLong(f -> f.toFile().lastModified()).max().stream().boxed().findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private List<String> command(String program, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(options);
        argv.addAll(List.of(args));
        return argv;
    }
}
