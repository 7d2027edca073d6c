package io.steward.agent.patch;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.steward.protocol.patch.PatchMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** dnf's output as captured on Rocky Linux 9: check-update, rpm -qa, updateinfo list and updateinfo info --security. */
class DnfOutputTest {
    @Test
    void checkUpdateListsNameArchVersionAndRepositoryAndStopsAtObsoletes() {
        List<DnfOutput.Available> a = DnfOutput.checkUpdate(Captured.read("dnf-check-update.txt"));
        assertThat(a).extracting(DnfOutput.Available::name).containsExactly("glibc", "glibc-common", "kernel", "openssl", "openssl-libs",
                "python3-unbound-and-a-very-long-package-name", "tzdata", "docker-ce");
        assertThat(a.get(4)).isEqualTo(new DnfOutput.Available("openssl-libs", "x86_64", "1:3.0.7-27.el9_4", "baseos"));
        // A name too long for its column wraps the rest onto the next line.
        assertThat(a.get(5)).isEqualTo(new DnfOutput.Available("python3-unbound-and-a-very-long-package-name", "x86_64", "1.16.2-3.el9_3.5", "appstream"));
    }

    @Test
    void advisoriesGiveSecurityTheHighestSeverityAndCveIdsAndNoAdvisoryIsUnknown() {
        List<PatchMessages.Update> updates = DnfOutput.updates(DnfOutput.checkUpdate(Captured.read("dnf-check-update.txt")),
                DnfOutput.installed(Captured.read("rpm-qa.txt")), DnfOutput.advisories(Captured.read("dnf-updateinfo-list.txt")),
                DnfOutput.cves(Captured.read("dnf-updateinfo-info-security.txt")));
        Map<String, PatchMessages.Update> byName = updates.stream().collect(Collectors.toMap(PatchMessages.Update::name, Function.identity()));
        assertThat(byName.get("glibc")).isEqualTo(new PatchMessages.Update("glibc", "x86_64", "2.34-100.el9_4.2", "2.34-100.el9_4.3", "baseos", "yes",
                "moderate", List.of("CVE-2024-2961", "CVE-2024-33599", "CVE-2024-33600"), false));
        assertThat(byName.get("kernel").security()).isEqualTo("yes");
        assertThat(byName.get("kernel").severity()).isEqualTo("important");
        assertThat(byName.get("kernel").cves()).containsExactly("CVE-2024-26993", "CVE-2024-36886");
        // Two advisories: the higher severity wins and both advisories' CVEs are kept.
        assertThat(byName.get("openssl-libs").severity()).isEqualTo("critical");
        assertThat(byName.get("openssl-libs").cves()).containsExactly("CVE-2024-4603", "CVE-2024-5535");
        assertThat(byName.get("openssl-libs").installedVersion()).isEqualTo("1:3.0.7-25.el9_3");
        assertThat(byName.get("openssl").severity()).isEqualTo("low");
        // Only an enhancement advisory: not a security update. No advisory at all: unknown, never "no".
        assertThat(byName.get("tzdata").security()).isEqualTo("no");
        assertThat(byName.get("tzdata").cves()).isEmpty();
        assertThat(byName.get("docker-ce").security()).isEqualTo("unknown");
        assertThat(byName.get("docker-ce").installedVersion()).isEqualTo("3:27.1.1-1.el9");
        assertThat(byName.get("python3-unbound-and-a-very-long-package-name").security()).isEqualTo("unknown");
    }

    @Test
    void withoutAnyUpdateinfoEverythingIsUnknown() {
        List<PatchMessages.Update> updates = DnfOutput.updates(DnfOutput.checkUpdate(Captured.read("dnf-check-update.txt")), Map.of(),
                DnfOutput.advisories(""), DnfOutput.cves(""));
        assertThat(updates).hasSize(8).allSatisfy(u -> {
            assertThat(u.security()).isEqualTo(PatchMessages.SECURITY_UNKNOWN);
            assertThat(u.installedVersion()).isEmpty();
        });
    }
}
