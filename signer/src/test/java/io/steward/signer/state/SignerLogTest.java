package io.steward.signer.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerLogTest {
    @TempDir
    Path tmp;
    Path file;

    @BeforeEach
    void write() {
        file = tmp.resolve("signer.log");
        SignerLog log = new SignerLog(file);
        Instant at = Instant.parse("2026-12-31T23:59:59Z");
        log.append("init", "key aa", at);
        log.append("sign-task", "task 1 devices 3", at.plusSeconds(1));
        log.append("refusal", "sign-task 2: unsigned", at.plusSeconds(2));
    }

    @Test
    void anUntouchedLogIsIntact() {
        SignerLog.Verification v = SignerLog.verify(file);
        assertThat(v.intact()).isTrue();
        assertThat(v.lines()).isEqualTo(3);
        assertThat(v.head()).matches("[0-9a-f]{64}");
    }

    @Test
    void aChangedLineBreaksTheChain() throws Exception {
        String text = Files.readString(file).replace("devices 3", "devices 1");
        Files.writeString(file, text);
        SignerLog.Verification v = SignerLog.verify(file);
        assertThat(v.intact()).isFalse();
        assertThat(v.lines()).isEqualTo(1);
        assertThat(v.problem()).contains("line 2 was changed");
    }

    @Test
    void aRemovedOrReorderedLineBreaksTheChain() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.remove(1);
        Files.write(file, lines);
        assertThat(SignerLog.verify(file).problem()).contains("line 2 has sequence 3");

        write();
        List<String> fresh = Files.readAllLines(tmp.resolve("signer.log"));
        Files.delete(file);
        write();
        assertThat(SignerLog.verify(file).intact()).isTrue();
        List<String> swapped = new ArrayList<>(Files.readAllLines(file));
        String first = swapped.set(0, swapped.get(1));
        swapped.set(1, first);
        Files.write(file, swapped);
        assertThat(SignerLog.verify(file).intact()).isFalse();
        assertThat(fresh).isNotEmpty();
    }

    @Test
    void aRewrittenLineWithItsOwnHashStillBreaksTheNextLink() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        SignerLog.Entry e = JsonFiles.JSON.readValue(lines.get(1), SignerLog.Entry.class);
        String hash = SignerLog.Entry.hashOf(e.seq(), e.at(), e.event(), "task 1 devices 1", e.prev());
        lines.set(1, JsonFiles.JSON.writeValueAsString(new SignerLog.Entry(e.seq(), e.at(), e.event(), "task 1 devices 1", e.prev(), hash)));
        Files.write(file, lines);
        assertThat(SignerLog.verify(file).problem()).contains("line 3 does not follow");
    }
}
