package io.steward.bench.protection;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.steward.protocol.Messages;

/**
 * A device's inventory as the agent sends it at start and daily, deterministic per device: a Debian server with
 * {@code packages} installed packages (the bench machine has 727), two disks, one interface. The software list is most
 * of the message (about 60 bytes a package); the server keeps the whole message with the device, so a page that reads
 * device rows wholesale pays for it.
 */
final class Inventories {
    private Inventories() {
    }

    static Messages.Inventory inventory(int device, long seq, int packages) {
        SplittableRandom random = new SplittableRandom(device * 131L + 17);
        List<Messages.Software> software = new ArrayList<>(packages);
        for (int p = 0; p < packages; p++) {
            // Most packages at the fleet's version, one in twenty a point release apart.
            String version = (1 + p % 9) + "." + (p % 31) + "." + (random.nextInt(20) == 0 ? 1 + random.nextInt(5) : 0) + "-" + (1 + p % 4) + "+deb12u"
                    + (p % 3);
            software.add(new Messages.Software("bench-pkg-" + p + (p % 5 == 0 ? "-common" : p % 7 == 0 ? "-dev" : ""), version,
                    "Debian"));
        }
        String mac = String.format("52:54:00:%02x:%02x:%02x", (device >> 16) & 0xff, (device >> 8) & 0xff, device & 0xff);
        return new Messages.Inventory(seq, "QEMU", "Standard PC (Q35 + ICH9, 2009)", String.format("BENCH-%06d", device),
                "AMD EPYC Processor", 4, 8L << 30, "Debian GNU/Linux", "12", "bookworm", "6.1.0-28-amd64",
                List.of(new Messages.Disk("/dev/vda", "QEMU HARDDISK", 64L << 30), new Messages.Disk("/dev/vdb", "QEMU HARDDISK", 512L << 30)),
                List.of(new Messages.Nic("ens3", mac, List.of("10.20." + (device / 250) % 250 + "." + (1 + device % 250), "fe80::5054:ff:fe00:1"))),
                software, List.of("admin"));
    }
}
