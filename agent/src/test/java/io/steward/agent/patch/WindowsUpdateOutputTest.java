package io.steward.agent.patch;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.steward.protocol.patch.PatchMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What windows-update-scan.ps1 prints (captured from Windows 11), read into updates; the script itself ships in the jar. */
class WindowsUpdateOutputTest {
    @Test
    void updatesAreNamedByTheirKbWithSecurityFromCategoryOrSeverity() {
        WindowsUpdateOutput.Result r = WindowsUpdateOutput.parse(Captured.read("windows-update.json"));
        assertThat(r.rebootRequired()).isTrue();
        assertThat(r.updates()).hasSize(4);
        PatchMessages.Update cumulative = r.updates().get(0);
        assertThat(cumulative.name()).isEqualTo("kb5043076");
        assertThat(cumulative.security()).isEqualTo(PatchMessages.SECURITY_YES);
        assertThat(cumulative.severity()).isEqualTo("critical");
        assertThat(cumulative.cves()).containsExactly("CVE-2024-38063", "CVE-2024-38217");
        assertThat(cumulative.origin()).startsWith("Windows Update: 2024-09 Cumulative Update");
        // A single KB written by PowerShell without its array is read as one.
        assertThat(r.updates().get(1).name()).isEqualTo("kb2267602");
        assertThat(r.updates().get(1).security()).isEqualTo(PatchMessages.SECURITY_NO);
        assertThat(r.updates().get(1).candidateVersion()).isEqualTo("200");
        // No category and no severity: Windows did not say, so unknown; hidden by a person: held.
        assertThat(r.updates().get(2).security()).isEqualTo(PatchMessages.SECURITY_UNKNOWN);
        assertThat(r.updates().get(2).held()).isTrue();
        assertThat(r.updates().get(3).name()).isEqualTo("e1b2c3d4-aaaa-4bbb-8ccc-0123456789ab");
        assertThat(r.updates().get(3).cves()).isEqualTo(List.of());
    }

    @Test
    void theScriptShipsInTheJarAndAsksWindowsForItsLocalMetadataOnly() throws Exception {
        try (var in = WindowsUpdate.class.getResourceAsStream(WindowsUpdate.SCRIPT)) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script).contains("Microsoft.Update.Session", "$searcher.Online = $false", "Microsoft.Update.SystemInfo", "ConvertTo-Json");
        }
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThatThrownBy(() -> WindowsUpdateOutput.parse("Exception calling \"Search\": 0x8024402C")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unreadable Windows Update output");
    }
}
