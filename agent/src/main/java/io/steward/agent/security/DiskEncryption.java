package io.steward.agent.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.steward.agent.patch.Commands;
import io.steward.protocol.security.SecurityCheckMessages;

/**
 * Every fixed data volume is encrypted. Linux: {@code lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT}; a mounted file system
 * counts as encrypted when it or a device it sits on is of type {@code crypt} (dm-crypt) or has the file system type
 * {@code crypto_LUKS}. Not data volumes: swap, {@code /boot} and {@code /boot/efi} (they cannot be encrypted with a
 * plain LUKS setup), snaps and other loop devices, ROMs and zram. Windows: {@code Get-BitLockerVolume}; every
 * operating system and fixed data volume must have protection on (removable ones are not counted).
 */
final class DiskEncryption implements Check {
    static final String WINDOWS_SCRIPT = "Get-BitLockerVolume | Select-Object MountPoint, @{ n = 'VolumeType'; e = { \"$($_.VolumeType)\" } }, "
            + "@{ n = 'ProtectionStatus'; e = { \"$($_.ProtectionStatus)\" } }, @{ n = 'VolumeStatus'; e = { \"$($_.VolumeStatus)\" } } | ConvertTo-Json -Compress";

    private final Programs programs;
    private final boolean windows;

    DiskEncryption(Programs programs, boolean windows) {
        this.programs = programs;
        this.windows = windows;
    }

    @Override
    public String id() {
        return SecurityCheckMessages.DISK_ENCRYPTION;
    }

    @Override
    public SecurityCheckMessages.Result evaluate(SecurityCheckMessages.Plan plan) {
        List<String> plain = new ArrayList<>();
        List<String> encrypted = new ArrayList<>();
        if (windows) {
            Commands.Output out = programs.run(Programs.powershell(WINDOWS_SCRIPT));
            if (!out.ok()) {
                return Check.unknown(id(), "Get-BitLockerVolume failed (it needs an administrator): " + out.lastError());
            }
            for (Map<String, Object> v : JsonTree.objects(JsonTree.parse(out.stdout()))) {
                String type = JsonTree.text(v, "VolumeType");
                if (type.equals("OperatingSystem") || type.equals("Data") || type.equals("FixedDisk")) {
                    String what = JsonTree.text(v, "MountPoint") + " (" + JsonTree.text(v, "VolumeStatus") + ")";
                    (JsonTree.text(v, "ProtectionStatus").equals("On") ? encrypted : plain).add(what);
                }
            }
        } else {
            if (!programs.installed("lsblk")) {
                return Check.unknown(id(), "lsblk is not installed");
            }
            Commands.Output out = programs.run(List.of("lsblk", "-J", "-o", "NAME,TYPE,FSTYPE,MOUNTPOINT"));
            if (!out.ok()) {
                return Check.unknown(id(), "lsblk failed: " + out.lastError());
            }
            Object root = JsonTree.parse(out.stdout());
            if (root instanceof Map<?, ?> m) {
                walk(m.get("blockdevices"), false, plain, encrypted);
            }
        }
        if (plain.isEmpty() && encrypted.isEmpty()) {
            return Check.unknown(id(), "no fixed data volume found");
        }
        if (!plain.isEmpty()) {
            return Check.fail(id(), "not encrypted: " + String.join(", ", plain) + (encrypted.isEmpty() ? "" : "; encrypted: " + String.join(", ", encrypted)), null);
        }
        return Check.pass(id(), "encrypted: " + String.join(", ", encrypted));
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object devices, boolean underCrypt, List<String> plain, List<String> encrypted) {
        if (!(devices instanceof List<?> list)) {
            return;
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> raw)) {
                continue;
            }
            Map<String, Object> d = (Map<String, Object>) raw;
            String name = JsonTree.text(d, "name");
            String type = JsonTree.text(d, "type");
            if (type.equals("loop") || type.equals("rom") || name.startsWith("zram")) {
                continue;
            }
            boolean crypt = underCrypt || type.equals("crypt") || JsonTree.text(d, "fstype").equals("crypto_LUKS");
            String mount = JsonTree.text(d, "mountpoint");
            if (dataMount(mount)) {
                (crypt ? encrypted : plain).add(mount + " on " + name);
            }
            walk(d.get("children"), crypt, plain, encrypted);
        }
    }

    static boolean dataMount(String mount) {
        return mount.startsWith("/") && !mount.equals("/boot") && !mount.equals("/boot/efi") && !mount.startsWith("/snap/");
    }
}
