package io.steward.agent.patch;

import java.util.List;
import java.util.Map;

import io.steward.protocol.patch.PatchMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** apt's output as captured on Debian 12 and Ubuntu 22.04: upgrades, origins, security, kept back, holds and policies. */
class AptOutputTest {
    @Test
    void aDebianSimulationListsUpgradesOfInstalledPackagesWithTheirOriginsAndArchitecture() {
        String sim = Captured.read("apt-dist-upgrade-bookworm.txt");
        List<AptOutput.Upgrade> upgrades = AptOutput.upgrades(sim);
        // The new kernel package is pulled in, not an update of anything installed.
        assertThat(upgrades).extracting(AptOutput.Upgrade::name)
                .containsExactly("libc6", "libc-bin", "libssl3", "openssl", "tzdata", "linux-image-amd64", "docker-ce-cli", "docker-ce");
        assertThat(upgrades.get(0)).isEqualTo(new AptOutput.Upgrade("libc6", "2.36-9+deb12u7", "2.36-9+deb12u8",
                List.of("Debian:12.7/stable", "Debian-Security:12/stable-security"), "amd64"));
        assertThat(upgrades.get(4)).isEqualTo(new AptOutput.Upgrade("tzdata", "2024a-0+deb12u1", "2024b-0+deb12u1",
                List.of("Debian:12.7/stable-updates"), "all"));
        assertThat(upgrades.get(7).candidate()).isEqualTo("5:27.3.1-1~debian.12~bookworm");
        assertThat(upgrades.get(7).origins()).containsExactly("Docker CE:bookworm/bookworm");
        assertThat(AptOutput.keptBack(sim)).containsExactly("grub-efi-amd64-signed", "shim-signed");
    }

    @Test
    void securityIsTheDistributionsSecurityArchiveNoForItsOtherArchivesAndUnknownForOthersRepositories() {
        Map<String, String> security = new java.util.LinkedHashMap<>();
        AptOutput.upgrades(Captured.read("apt-dist-upgrade-bookworm.txt")).forEach(u -> security.put(u.name(), AptOutput.security(u.origins())));
        assertThat(security).containsEntry("libc6", PatchMessages.SECURITY_YES).containsEntry("libssl3", PatchMessages.SECURITY_YES)
                .containsEntry("linux-image-amd64", PatchMessages.SECURITY_YES).containsEntry("tzdata", PatchMessages.SECURITY_NO)
                .containsEntry("docker-ce", PatchMessages.SECURITY_UNKNOWN);
        security.clear();
        AptOutput.upgrades(Captured.read("apt-dist-upgrade-jammy.txt")).forEach(u -> security.put(u.name(), AptOutput.security(u.origins())));
        assertThat(security).containsExactly(Map.entry("libssl3", "yes"), Map.entry("openssl", "yes"), Map.entry("curl", "no"),
                Map.entry("libcurl4", "no"), Map.entry("python3-update-manager", "no"), Map.entry("snapd", "no"));
        // A private repository without a known origin gives no classification: never "no" by guess.
        assertThat(AptOutput.security(List.of("local:1/stable"))).isEqualTo(PatchMessages.SECURITY_UNKNOWN);
        assertThat(AptOutput.security(List.of())).isEqualTo(PatchMessages.SECURITY_UNKNOWN);
    }

    @Test
    void holdsAndThePoliciesOfKeptBackPackages() {
        assertThat(AptOutput.holds(Captured.read("apt-mark-showhold.txt"))).containsExactly("shim-signed");
        Map<String, AptOutput.Policy> p = AptOutput.policies(Captured.read("apt-cache-policy-kept-back.txt"));
        assertThat(p).containsOnlyKeys("grub-efi-amd64-signed", "shim-signed");
        assertThat(p.get("grub-efi-amd64-signed")).isEqualTo(new AptOutput.Policy("1+2.06+13+deb12u1", "1+2.06+13+deb12u2",
                List.of("http://deb.debian.org/debian-security bookworm-security/main")));
        assertThat(AptOutput.security(p.get("grub-efi-amd64-signed").origins())).isEqualTo(PatchMessages.SECURITY_YES);
        assertThat(p.get("shim-signed").origins()).containsExactly("http://deb.debian.org/debian bookworm-updates/main",
                "http://deb.debian.org/debian bookworm/main");
        assertThat(AptOutput.security(p.get("shim-signed").origins())).isEqualTo(PatchMessages.SECURITY_NO);
    }
}
