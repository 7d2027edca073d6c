package io.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.steward.protocol.security.SecurityCheckMessages;

class DiskEncryptionTest {
    static final SecurityCheckMessages.Plan PLAN = SecurityCheckMessages.DEFAULT_PLAN;

    @Test
    void luksUnderTheRootCountsAndAPlainDataDiskFails() {
        FakePrograms programs = new FakePrograms().answer("lsblk", 0, FakePrograms.captured("lsblk-luks.json"));
        var r = new DiskEncryption(programs, false).evaluate(PLAN);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        // /boot, /boot/efi, swap, the snap's loop device and the ROM are not data volumes.
        assertThat(r.evidence()).isEqualTo("not encrypted: /srv/data on sda1; encrypted: / on vg-root");
        assertThat(programs.ran).containsExactly(List.of("lsblk", "-J", "-o", "NAME,TYPE,FSTYPE,MOUNTPOINT"));

        String onlyLaptop = FakePrograms.captured("lsblk-luks.json").replace("\"/srv/data\"", "null");
        programs.answer("lsblk", 0, onlyLaptop);
        var pass = new DiskEncryption(programs, false).evaluate(PLAN);
        assertThat(pass.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(pass.evidence()).isEqualTo("encrypted: / on vg-root");
    }

    @Test
    void thisMachinesRealDisksAgreeWithItsMounts() throws Exception {
        var r = new DiskEncryption(Programs.SYSTEM, false).evaluate(PLAN);
        Process p = new ProcessBuilder("lsblk", "-J", "-o", "NAME,TYPE,FSTYPE,MOUNTPOINT").redirectErrorStream(true).start();
        String json = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            assertThat(r.status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
            return;
        }
        // Every mount lsblk names outside /boot is in the evidence, as encrypted or not; a crypt device anywhere decides which.
        List<String> mounts = new ArrayList<>();
        collect(JsonTree.parse(json), mounts);
        if (mounts.isEmpty()) {
            assertThat(r.status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
            return;
        }
        assertThat(r.evidence()).contains(mounts);
        if (json.contains("\"crypt\"") || json.contains("crypto_LUKS")) {
            assertThat(r.status()).isIn(SecurityCheckMessages.PASS, SecurityCheckMessages.FAIL);
        } else {
            assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
            assertThat(r.evidence()).startsWith("not encrypted: ");
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<String> mounts) {
        if (node instanceof Map<?, ?> m) {
            Object mount = m.get("mountpoint");
            String name = String.valueOf(m.get("name"));
            if (mount instanceof String s && DiskEncryption.dataMount(s) && !"loop".equals(m.get("type")) && !"rom".equals(m.get("type"))
                    && !name.startsWith("zram")) {
                mounts.add(s + " on " + name);
            }
            for (Object v : ((Map<String, Object>) m).values()) {
                collect(v, mounts);
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                collect(v, mounts);
            }
        }
    }

    @Test
    void windowsBitLockerCountsOperatingSystemAndDataVolumes() {
        FakePrograms programs = new FakePrograms().answer(DiskEncryption.WINDOWS_SCRIPT, 0, FakePrograms.captured("windows-bitlocker.json"));
        var r = new DiskEncryption(programs, true).evaluate(PLAN);
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(r.evidence()).isEqualTo("not encrypted: D: (FullyDecrypted), E: (FullyDecrypted); encrypted: C: (FullyEncrypted)");
        programs.answer(DiskEncryption.WINDOWS_SCRIPT, 1, "Access denied");
        assertThat(new DiskEncryption(programs, true).evaluate(PLAN).status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
    }
}
