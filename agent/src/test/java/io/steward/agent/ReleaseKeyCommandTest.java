package io.steward.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.steward.agent.update.Updater;
import io.steward.protocol.DeviceKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** A device enrolled without a release key gets one pinned on the device (never by the server); replacing one is deliberate. */
class ReleaseKeyCommandTest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int cli(String... args) {
        CommandLine cl = new CommandLine(new StewardAgent());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aKeyIsPinnedOnceAndReplacedOnlyOnPurpose() {
        String first = DeviceKeys.encodePublic(DeviceKeys.generate().getPublic());
        String second = DeviceKeys.encodePublic(DeviceKeys.generate().getPublic());
        assertThat(cli("release-key", "--config-dir", dir.toString())).isZero();
        assertThat(out.toString()).contains("no release key pinned");
        assertThat(Updater.pinnedKey(dir)).isEmpty();

        assertThat(cli("release-key", "--config-dir", dir.toString(), "not-a-key")).isEqualTo(2);
        assertThat(Updater.pinnedKey(dir)).isEmpty();
        assertThat(cli("release-key", "--config-dir", dir.toString(), first)).as(err.toString()).isZero();
        assertThat(Updater.pinnedKey(dir)).contains(DeviceKeys.decodePublic(first));

        assertThat(cli("release-key", "--config-dir", dir.toString(), second)).isEqualTo(1);
        assertThat(err.toString()).contains("--replace");
        assertThat(Updater.pinnedKey(dir)).contains(DeviceKeys.decodePublic(first));
        assertThat(cli("release-key", "--config-dir", dir.toString(), "--replace", second)).isZero();
        assertThat(Updater.pinnedKey(dir)).contains(DeviceKeys.decodePublic(second));
        assertThat(cli("release-key", "--config-dir", dir.toString())).isZero();
        assertThat(out.toString()).contains(second);
    }
}
