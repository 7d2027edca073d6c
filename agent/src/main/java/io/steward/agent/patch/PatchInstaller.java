package io.steward.agent.patch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import io.steward.agent.task.OrderVerifier;
import io.steward.agent.task.OutputTail;
import io.steward.agent.task.ScriptRunner;
import io.steward.protocol.patch.PatchInstall;
import io.steward.protocol.patch.PatchMessages;

/**
 * Runs a verified order of the built-in interpreter {@link PatchInstall#INTERPRETER}: the body must be exactly
 * {@link PatchInstall#BODY} and the parameters well-formed ({@link #problem}); with {@code SCOPE=security} the agent
 * scans its own metadata first and installs nothing unless every requested {@code name=version} is an available
 * security update there; then it installs exactly those versions with the package manager (an argument list, no
 * shell), reports one {@link PatchInstall#RESULT_PREFIX} line per package, scans again and posts that scan, and
 * reboots as {@code REBOOT} says ({@code shutdown -r +N}, announced with a message).
 */
public final class PatchInstaller {
    private static final Logger LOG = Logger.getLogger(PatchInstaller.class.getName());
    static final int DEFAULT_WARNING_MINUTES = 5;

    /** Schedules the reboot; the real one runs {@code shutdown -r +minutes message}. */
    @FunctionalInterface
    public interface Rebooter {
        String schedule(int minutes, String message);

        Rebooter SHUTDOWN = (minutes, message) -> {
            try {
                Process p = new ProcessBuilder("shutdown", "-r", "+" + minutes, message).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                int exit = p.waitFor();
                return exit == 0 ? null : "shutdown failed (" + exit + "): " + out;
            } catch (IOException e) {
                return "cannot run shutdown: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        };
    }

    private final PatchAgent agent;
    private final Rebooter rebooter;

    public PatchInstaller(PatchAgent agent, Rebooter rebooter) {
        this.agent = agent;
        this.rebooter = rebooter;
    }

    /** Why a patch order cannot run (checked before anything runs, beside the order's signature); null when it can. */
    public static String problem(String script, Map<String, String> environment) {
        if (!PatchInstall.BODY.equals(script)) {
            return "the patch interpreter runs only its fixed body, and this order's body is another";
        }
        try {
            PatchInstall.parsePackages(environment.get(PatchInstall.PACKAGES));
        } catch (IllegalArgumentException e) {
            return "PACKAGES: " + e.getMessage();
        }
        if (!PatchInstall.SCOPES.contains(String.valueOf(environment.get(PatchInstall.SCOPE)))) {
            return "SCOPE must be one of " + PatchInstall.SCOPES;
        }
        if (!PatchInstall.REBOOTS.contains(String.valueOf(environment.get(PatchInstall.REBOOT)))) {
            return "REBOOT must be one of " + PatchInstall.REBOOTS;
        }
        String warning = environment.get(PatchInstall.REBOOT_WARNING);
        if (warning != null && !warning.matches("\\d{1,4}")) {
            return "REBOOT_WARNING must be a number of minutes";
        }
        return null;
    }

    public ScriptRunner.Result run(OrderVerifier.Accepted accepted, ScriptRunner.Handle handle) {
        long started = System.nanoTime();
        OutputTail out = new OutputTail(accepted.order().outputLimitBytes(), 0);
        OutputTail err = new OutputTail(accepted.order().outputLimitBytes(), 0);
        Map<String, String> env = accepted.environment();
        String problem = problem(accepted.script(), env);
        if (problem != null) {
            print(err, problem);
            return result("FAILED", problem, 2, started, out, err);
        }
        List<PatchInstall.Package> packages = PatchInstall.parsePackages(env.get(PatchInstall.PACKAGES));
        String scope = env.get(PatchInstall.SCOPE);
        String reboot = env.get(PatchInstall.REBOOT);
        int warning = env.get(PatchInstall.REBOOT_WARNING) == null ? DEFAULT_WARNING_MINUTES : Integer.parseInt(env.get(PatchInstall.REBOOT_WARNING));
        return agent.exclusive(() -> {
            if ("security".equals(scope)) {
                String refusal = securityRefusal(packages, out);
                if (refusal != null) {
                    return result("FAILED", refusal, 3, started, out, err);
                }
            }
            if (handle.cancelled()) {
                return result("CANCELLED", "cancelled before installing", null, started, out, err);
            }
            PackageManager manager = agent.scanner().manager();
            Commands commands = agent.scanner().commands();
            Commands.Output install = manager.install(commands, packages);
            print(err, install.stderr());
            Map<String, String> now = manager.installed(commands, packages.stream().map(PatchInstall.Package::name).toList());
            int failed = 0;
            for (PatchInstall.Package p : packages) {
                String version = now.getOrDefault(p.name(), "");
                if (version.equals(p.version())) {
                    print(out, PatchInstall.RESULT_PREFIX + p + " installed");
                } else {
                    failed++;
                    print(out, PatchInstall.RESULT_PREFIX + p + " failed " + oneLine(install.ok() ? "the installed version is "
                            + (version.isEmpty() ? "none" : version) : install.lastError()));
                }
            }
            PatchMessages.Scan after = agent.scanAndPost(false);
            if ("always".equals(reboot) || ("if-required".equals(reboot) && after.rebootRequired())) {
                String trouble = rebooter.schedule(warning, "Steward: this computer restarts in " + warning + " minutes to finish installing updates.");
                print(out, "steward-reboot: " + (trouble == null ? "scheduled in " + warning + " minutes" : "failed " + oneLine(trouble)));
            }
            LOG.info(packages.size() - failed + " of " + packages.size() + " updates installed");
            return failed == 0 ? result("SUCCEEDED", null, 0, started, out, err)
                    : result("FAILED", failed + " of " + packages.size() + " updates not installed", 1, started, out, err);
        });
    }

    /** Null when every package is an available security update in a fresh scan; else prints a refusal per package and says why. */
    private String securityRefusal(List<PatchInstall.Package> packages, OutputTail out) {
        PatchMessages.Scan scan = agent.scanner().scan(false);
        if (scan.error() != null) {
            packages.forEach(p -> print(out, PatchInstall.RESULT_PREFIX + p + " refused the security check could not scan: " + oneLine(scan.error())));
            return "refused: the security check could not scan";
        }
        List<String> notSecurity = new ArrayList<>();
        for (PatchInstall.Package p : packages) {
            boolean ok = scan.updates().stream().anyMatch(u -> PatchMessages.SECURITY_YES.equals(u.security()) && p.version().equals(u.candidateVersion())
                    && (p.name().equals(u.name()) || p.name().equals(u.name() + ":" + u.arch())));
            if (!ok) {
                notSecurity.add(p.name());
            }
        }
        if (notSecurity.isEmpty()) {
            return null;
        }
        for (PatchInstall.Package p : packages) {
            print(out, PatchInstall.RESULT_PREFIX + p + " refused " + (notSecurity.contains(p.name())
                    ? "not an available security update on this device" : "another package of this order is not an available security update"));
        }
        return "refused: not available security updates here: " + String.join(" ", notSecurity);
    }

    private static void print(OutputTail tail, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        byte[] b = (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
        tail.write(b, 0, b.length);
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').strip();
        return t.length() > 300 ? t.substring(0, 300) : t;
    }

    private static ScriptRunner.Result result(String state, String reason, Integer exit, long started, OutputTail out, OutputTail err) {
        return new ScriptRunner.Result(state, reason, exit, (System.nanoTime() - started) / 1_000_000, out.tail(List.of()), err.tail(List.of()),
                out.bytes(), err.bytes(), out.sha256(), err.sha256());
    }
}
