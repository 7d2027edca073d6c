package io.steward.bench.patches;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.steward.protocol.patch.PatchMessages;

/**
 * Scans as a fleet of Debian machines would send them, deterministic per device and seed. The fleet shares one universe
 * of {@link #PACKAGES} packages; a device has 60 to 140 updates (100 on average, like the 129 a real scan of the bench
 * machine finds), picked with a skew so that the common libraries are pending on most devices and the rare ones on a
 * few (as on a real fleet, where libc6 or openssl updates are everywhere). One package in five is fixed by the security
 * archive (origin {@code Debian-Security}, security "yes", one to three CVE ids of its own), one in seventeen of the rest
 * comes from a third-party repository (security "unknown"), the rest from the stable archive ("no"). Candidate versions
 * differ between devices for one package in ten (a device a point release behind), 1 % of updates are held, 10 % of
 * devices need a reboot.
 */
public final class SyntheticScans {
    /** Distinct package names of the fleet. */
    public static final int PACKAGES = 2000;

    private final long seed;

    public SyntheticScans(long seed) {
        this.seed = seed;
    }

    /** The package at {@code index}: a name the server's rules admit. */
    static String name(int index) {
        return "bench-lib" + index;
    }

    /** Whether the package's pending update comes from the security archive. */
    static boolean security(int index) {
        return index % 5 == 0;
    }

    /** The CVE ids the package's security update fixes (none for a non-security one): 1 to 3, its own. */
    public static List<String> cves(int index) {
        if (!security(index)) {
            return List.of();
        }
        int count = 1 + index % 3;
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(String.format("CVE-2026-%05d", 10_000 + index * 3 + i));
        }
        return out;
    }

    /** The package index of the {@code rank}-th pick from a uniform {@code u}: skewed towards the low indices. */
    private static int skewed(double u) {
        return (int) (PACKAGES * u * u * u);
    }

    /** The updates device {@code device} reports, in a scan numbered {@code round} (a later round: some installed, some new). */
    public List<PatchMessages.Update> updates(int device, int round) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + device);
        int count = 60 + random.nextInt(81);
        Set<Integer> picked = new LinkedHashSet<>();
        while (picked.size() < count) {
            picked.add(skewed(random.nextDouble()));
        }
        List<PatchMessages.Update> out = new ArrayList<>(count);
        Set<Integer> sent = new LinkedHashSet<>();
        SplittableRandom change = new SplittableRandom(seed * 7_919L + device * 31L + round);
        for (int index : picked) {
            // A later round: about 5 % of the updates were installed meanwhile (gone) and as many new ones appeared.
            int now = round > 1 && change.nextInt(20) == 0 ? change.nextInt(PACKAGES) : index;
            if ((now == index || !picked.contains(now)) && sent.add(now)) {
                out.add(update(now, new SplittableRandom(seed * 65_537L + device * 4_099L + now)));
            }
        }
        return out;
    }

    private static PatchMessages.Update update(int index, SplittableRandom random) {
        String installed = "1." + index + "-1";
        int point = index % 10 == 0 && random.nextBoolean() ? 2 : 1;
        String candidate = installed + "+deb12u" + point;
        String origin;
        String security;
        if (security(index)) {
            origin = "Debian-Security:12/stable-security";
            security = PatchMessages.SECURITY_YES;
        } else if (index % 17 == 0) {
            origin = "vendor.example:stable/main";
            security = PatchMessages.SECURITY_UNKNOWN;
        } else {
            origin = "Debian:12.8/stable";
            security = PatchMessages.SECURITY_NO;
        }
        return new PatchMessages.Update(name(index), index % 7 == 0 ? "all" : "amd64", installed, candidate, origin, security, "", cves(index),
                random.nextInt(100) == 0);
    }

    /** The whole scan of a device: a real scan's cost, a pending reboot on one device in ten. */
    public PatchMessages.Scan scan(int device, int round, long seq, long scannedAt) {
        boolean reboot = device % 10 == 3;
        return new PatchMessages.Scan(seq, scannedAt, "apt", reboot, reboot ? List.of("linux-image-6.1.0-bench-amd64") : List.of(),
                scannedAt - 3_600_000L, updates(device, round), new PatchMessages.Cost(2_991, 2_570, 83_448), null);
    }
}
