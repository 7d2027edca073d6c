package io.steward.agent.patch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.steward.protocol.patch.PatchInstall;

/**
 * dnf (RHEL, Rocky, Alma, Fedora): {@code check-update}, installed versions from {@code rpm -qa}, and
 * {@code updateinfo} for the security class, severity and CVE ids, all from the cache only ({@code -C}: no network;
 * {@code makecache} is the refresh). A pending reboot is what {@code needs-restarting -r} says (exit code 1) when
 * dnf-utils is installed. Version locks are not read: no update is marked held.
 */
final class Dnf implements PackageManager {
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration INSTALL_TIMEOUT = Duration.ofHours(2);
    static final String RPM_FORMAT = "%{NAME}.%{ARCH} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n";

    @Override
    public String name() {
        return "dnf";
    }

    @Override
    public Commands.Output refresh(Commands commands) {
        return commands.run(List.of("dnf", "-q", "makecache"), SCAN_TIMEOUT);
    }

    @Override
    public Found scan(Commands commands) {
        Commands.Output check = commands.run(List.of("dnf", "-q", "-C", "check-update"), SCAN_TIMEOUT);
        // 100: updates available, 0: none; anything else is a failure.
        if (check.exitCode() != 100 && check.exitCode() != 0) {
            throw new IllegalStateException("dnf check-update failed: " + check.lastError());
        }
        Commands.Output rpm = commands.run(List.of("rpm", "-qa", "--qf", RPM_FORMAT), SCAN_TIMEOUT);
        Commands.Output list = commands.run(List.of("dnf", "-q", "-C", "updateinfo", "list"), SCAN_TIMEOUT);
        Commands.Output info = commands.run(List.of("dnf", "-q", "-C", "updateinfo", "info", "--security"), SCAN_TIMEOUT);
        Commands.Output restart = commands.run(List.of("needs-restarting", "-r"), SCAN_TIMEOUT);
        return new Found(DnfOutput.updates(DnfOutput.checkUpdate(check.stdout()), DnfOutput.installed(rpm.stdout()),
                DnfOutput.advisories(list.stdout()), DnfOutput.cves(info.stdout())), restart.exitCode() == 1 || RebootStatus.required(RebootStatus.RUN),
                List.of(), null);
    }

    @Override
    public Commands.Output install(Commands commands, List<PatchInstall.Package> packages) {
        List<String> argv = new ArrayList<>(List.of("dnf", "-y", "upgrade"));
        for (PatchInstall.Package p : packages) {
            int colon = p.name().indexOf(':');
            // name:arch=version becomes dnf's name-version.arch
            argv.add(colon < 0 ? p.name() + "-" + p.version() : p.name().substring(0, colon) + "-" + p.version() + "." + p.name().substring(colon + 1));
        }
        return commands.run(argv, INSTALL_TIMEOUT, false);
    }

    @Override
    public Map<String, String> installed(Commands commands, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            String query = n.contains(":") ? n.replace(':', '.') : n;
            Commands.Output o = commands.run(List.of("rpm", "-q", "--qf", "%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n", query), SCAN_TIMEOUT, false);
            String[] lines = o.stdout().strip().split("\n");
            out.put(n, o.ok() ? lines[lines.length - 1].strip() : "");
        }
        return out;
    }
}
