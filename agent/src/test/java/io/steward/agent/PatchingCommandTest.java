package io.steward.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.steward.agent.patch.PatchSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The device's own patch settings are set on the device and kept in patch.properties. */
class PatchingCommandTest {
    @TempDir
    Path dir;

    int cli(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new StewardAgent());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void settingsAreStoredAndShownAndBadOnesRefused() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(PatchSettings.load(dir)).isEqualTo(PatchSettings.DEFAULT);
        assertThat(cli(out, err, "patching", "--config-dir", dir.toString(), "--refresh", "deny", "--apt-option", "Dir::State=/srv/apt/state",
                "--apt-option", "DPkg::Options::=--root=/srv/root", "--apt-config", "/srv/apt.conf")).as(err.toString()).isZero();
        assertThat(PatchSettings.load(dir)).isEqualTo(new PatchSettings(false, List.of("Dir::State=/srv/apt/state", "DPkg::Options::=--root=/srv/root"),
                Optional.of(Path.of("/srv/apt.conf"))));
        assertThat(out.toString()).contains("metadata refresh denied; apt options Dir::State=/srv/apt/state DPkg::Options::=--root=/srv/root; APT_CONFIG /srv/apt.conf");
        // Changing one setting keeps the others.
        assertThat(cli(out, err, "patching", "--config-dir", dir.toString(), "--refresh", "allow")).isZero();
        assertThat(PatchSettings.load(dir).aptOptions()).hasSize(2);
        assertThat(PatchSettings.load(dir).refreshAllowed()).isTrue();
        assertThat(cli(out, err, "patching", "--config-dir", dir.toString(), "--apt-option", "no equals sign")).isEqualTo(2);
        assertThat(err.toString()).contains("an apt option is KEY=VALUE");
        assertThat(cli(out, err, "patching", "--config-dir", dir.toString(), "--apt-config", "relative.conf")).isEqualTo(2);
        assertThat(PatchSettings.load(dir).aptConfig()).contains(Path.of("/srv/apt.conf"));
    }
}
