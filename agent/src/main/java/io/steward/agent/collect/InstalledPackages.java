package io.steward.agent.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.steward.protocol.Messages.Software;

/**
 * Installed software on Debian-family Linux from {@code dpkg-query}, run with an argument list
 * (never through a shell). Absent elsewhere: no dpkg-query means an empty list, not an error.
 * At most {@link #MAX_ENTRIES} packages are reported, so an odd machine cannot bloat the inventory.
 */
public final class InstalledPackages {
    public static final int MAX_ENTRIES = 5000;
    private static final Logger LOG = Logger.getLogger(InstalledPackages.class.getName());
    private static final List<String> COMMAND =
            List.of("dpkg-query", "-W", "-f=${Package}\\t${Version}\\t${Maintainer}\\n");

    private InstalledPackages() {
    }

    public static List<Software> list() {
        Process process;
        try {
            process = new ProcessBuilder(COMMAND).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            // No dpkg on this system: nothing to report.
            return List.of();
        }
        List<Software> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (out.size() >= MAX_ENTRIES) {
                    continue; // keep draining so dpkg-query does not block on a full pipe
                }
                String[] f = line.split("\t", 3);
                if (f.length >= 2 && !f[0].isBlank()) {
                    out.add(new Software(f[0], f[1], f.length == 3 ? f[2] : ""));
                }
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.warning(() -> "reading dpkg-query failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return out;
    }
}
