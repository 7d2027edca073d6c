package io.steward.agent.patch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.steward.protocol.patch.PatchInstall;

/**
 * Windows Update through the Windows Update Agent's COM API ({@code Microsoft.Update.Session}), driven by the
 * PowerShell script {@code windows-update-scan.ps1} shipped in the jar (read it for what it asks Windows), which
 * searches the metadata Windows already has ({@code Online = false}); {@link WindowsUpdateOutput} reads its JSON.
 * Refreshing is Windows' own business (its scheduled scans), so {@link #refresh} does nothing. Installing Windows
 * updates through a signed order is not built yet: such an order is refused per update.
 */
final class WindowsUpdate implements PackageManager {
    static final String SCRIPT = "windows-update-scan.ps1";

    @Override
    public String name() {
        return "windows-update";
    }

    @Override
    public Commands.Output refresh(Commands commands) {
        return new Commands.Output(0, "", "");
    }

    @Override
    public Found scan(Commands commands) {
        Path dir = null;
        try (InputStream script = WindowsUpdate.class.getResourceAsStream(SCRIPT)) {
            dir = Files.createTempDirectory("steward-wu-");
            Path file = dir.resolve(SCRIPT);
            Files.write(file, script.readAllBytes());
            Commands.Output out = commands.run(List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File",
                    file.toString()), Duration.ofMinutes(30));
            if (!out.ok()) {
                throw new IllegalStateException("the Windows Update search failed: " + out.lastError());
            }
            WindowsUpdateOutput.Result r = WindowsUpdateOutput.parse(out.stdout());
            return new Found(r.updates(), r.rebootRequired(), List.of(), null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the Windows Update search: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                dir.resolve(SCRIPT).toFile().delete();
                dir.toFile().delete();
            }
        }
    }

    @Override
    public Commands.Output install(Commands commands, List<PatchInstall.Package> packages) {
        return new Commands.Output(-1, "", "installing Windows updates through Steward is not supported by this agent yet");
    }

    @Override
    public Map<String, String> installed(Commands commands, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, ""));
        return out;
    }
}
