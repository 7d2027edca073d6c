package io.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.security.SecurityCheckMessages;

class SshPasswordLoginTest {
    @TempDir
    Path tmp;

    SecurityCheckMessages.Result check(Path config) {
        return new SshPasswordLogin(config, new FakePrograms(), false).evaluate(SecurityCheckMessages.DEFAULT_PLAN);
    }

    @Test
    void bothOffPassesAndTheEvidenceSaysWhereEachCameFrom() throws Exception {
        Path config = Files.writeString(tmp.resolve("sshd_config"), """
                # comment
                Port 22
                passwordauthentication no
                KbdInteractiveAuthentication=no
                """);
        var r = check(config);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(r.evidence()).isEqualTo("SSH accepts no passwords: PasswordAuthentication no (sshd_config:3), KbdInteractiveAuthentication no (sshd_config:4); from "
                + config);
    }

    @Test
    void unsetOptionsHaveSshdsDefaultsWhichAcceptPasswords() throws Exception {
        Path config = Files.writeString(tmp.resolve("sshd_config"), "PasswordAuthentication no\n");
        var r = check(config);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(r.evidence()).contains("KbdInteractiveAuthentication yes (default)");
        assertThat(r.observedAt()).isNull();
    }

    @Test
    void includesAreReadWhereTheyStandSortedByNameAndTheFirstValueWins() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("sshd_config.d"));
        // Debian's layout: the Include comes first, so a drop-in beats the main file's own line further down.
        Files.writeString(d.resolve("50-cloud-init.conf"), "PasswordAuthentication yes\n");
        Files.writeString(d.resolve("10-hardening.conf"), "PasswordAuthentication no\nChallengeResponseAuthentication no\n");
        Files.writeString(d.resolve("README"), "PasswordAuthentication yes\n");
        Path config = Files.writeString(tmp.resolve("sshd_config"), """
                Include sshd_config.d/*.conf
                PasswordAuthentication yes
                KbdInteractiveAuthentication yes
                """);
        var r = check(config);
        assertThat(r.status()).as(r.evidence()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(r.evidence()).contains("PasswordAuthentication no (10-hardening.conf:1)", "KbdInteractiveAuthentication no (10-hardening.conf:2)");

        // Renamed to sort after the cloud-init one, the hardening comes too late.
        Files.move(d.resolve("10-hardening.conf"), d.resolve("60-hardening.conf"));
        var later = check(config);
        assertThat(later.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(later.evidence()).contains("PasswordAuthentication yes (50-cloud-init.conf:1)");
    }

    @Test
    void aMatchBlockThatAllowsPasswordsFailsButItsNoDoesNotCountGlobally() throws Exception {
        Path config = Files.writeString(tmp.resolve("sshd_config"), """
                Match User backup
                    PasswordAuthentication no
                Match all
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                Match Address 10.0.0.0/8
                    PasswordAuthentication yes
                """);
        var r = check(config);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(r.evidence()).contains("PasswordAuthentication no (sshd_config:4)",
                "Match blocks allowing it: Match Address 10.0.0.0/8 (sshd_config:6): PasswordAuthentication yes");

        Path onlyInMatch = Files.writeString(tmp.resolve("only-match"), """
                Match User backup
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                """);
        assertThat(check(onlyInMatch).evidence()).contains("PasswordAuthentication yes (default)");
    }

    @Test
    void anIncludeLoopIsUnknownNotAHang() throws Exception {
        Path config = Files.writeString(tmp.resolve("sshd_config"), "Include " + tmp.resolve("sshd_config") + "\n");
        var r = check(config);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
        assertThat(r.evidence()).contains("more than 64 files");
    }

    @Test
    void noServerAtAllPassesButAnInstalledSshdWithoutItsConfigurationIsUnknown() {
        Path missing = tmp.resolve("absent");
        assertThat(check(missing).status()).isEqualTo(SecurityCheckMessages.PASS);
        FakePrograms withSshd = new FakePrograms();
        withSshd.installed.add("sshd");
        assertThat(new SshPasswordLogin(missing, withSshd, true).evaluate(SecurityCheckMessages.DEFAULT_PLAN).status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
    }

    @Test
    void sshdTsEffectiveValuesWinForTheSystemsOwnConfigurationOnly() throws Exception {
        Path config = Files.writeString(tmp.resolve("sshd_config"), "PasswordAuthentication no\nKbdInteractiveAuthentication no\n");
        // A distribution patch or a compiled-in default the file does not show: sshd -T knows.
        FakePrograms programs = new FakePrograms().answer("sshd", 0, "port 22\npasswordauthentication yes\nkbdinteractiveauthentication no\n");
        assertThat(new SshPasswordLogin(config, programs, false).evaluate(SecurityCheckMessages.DEFAULT_PLAN).status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(programs.ran).isEmpty();

        var system = new SshPasswordLogin(config, programs, true).evaluate(SecurityCheckMessages.DEFAULT_PLAN);
        assertThat(programs.ran).containsExactly(List.of("sshd", "-T"));
        assertThat(system.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(system.evidence()).contains("PasswordAuthentication yes (sshd -T)", "from sshd -T and " + config);

        // sshd -T refused (not root, no host keys): the file decides.
        programs.answer("sshd", 1, "sshd: no hostkeys available -- exiting.");
        assertThat(new SshPasswordLogin(config, programs, true).evaluate(SecurityCheckMessages.DEFAULT_PLAN).status()).isEqualTo(SecurityCheckMessages.PASS);
    }
}
