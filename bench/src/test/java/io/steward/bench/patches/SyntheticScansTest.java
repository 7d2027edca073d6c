package io.steward.bench.patches;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.steward.protocol.patch.PatchMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench's synthetic scans are what the server admits (names, one row per package and architecture, CVE ids) and
 * have the shape BENCHMARKS.md describes: 60 to 140 updates, about one in five a security update with CVE ids, the
 * same scan for the same device and seed, and a rescan that changes a few updates only.
 */
class SyntheticScansTest {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._:~@-]{0,199}");
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,9}");

    @Test
    void scansAreAdmissibleRealisticAndDeterministic() {
        SyntheticScans scans = new SyntheticScans(1);
        int updates = 0;
        int security = 0;
        int withWideCve = 0;
        for (int device = 0; device < 300; device++) {
            List<PatchMessages.Update> list = scans.updates(device, 1);
            assertThat(list.size()).isBetween(60, 140);
            Set<String> keys = new HashSet<>();
            for (PatchMessages.Update u : list) {
                assertThat(u.name()).matches(NAME);
                assertThat(keys.add(u.name() + "\0" + u.arch())).as("one row per package and architecture").isTrue();
                assertThat(u.cves()).allMatch(c -> CVE.matcher(c).matches());
                assertThat(u.cves().isEmpty()).isEqualTo(!PatchMessages.SECURITY_YES.equals(u.security()));
                security += PatchMessages.SECURITY_YES.equals(u.security()) ? 1 : 0;
                withWideCve += u.cves().contains(PatchScaleCommand.WIDE_CVE) ? 1 : 0;
            }
            updates += list.size();
            assertThat(scans.updates(device, 1)).isEqualTo(list);

            List<PatchMessages.Update> rescan = scans.updates(device, 2);
            Set<String> kept = new HashSet<>(rescan.stream().map(PatchMessages.Update::name).toList());
            kept.retainAll(list.stream().map(PatchMessages.Update::name).toList());
            assertThat(kept.size()).as("a rescan changes a few updates").isGreaterThan(list.size() * 8 / 10);
            assertThat(Set.copyOf(rescan.stream().map(u -> u.name() + "\0" + u.arch()).toList())).hasSize(rescan.size());
        }
        assertThat(updates / 300.0).isBetween(90.0, 110.0);
        assertThat((double) security / updates).isBetween(0.1, 0.35);
        assertThat(withWideCve).as("the widespread CVE is on most devices").isGreaterThan(250);
    }
}
