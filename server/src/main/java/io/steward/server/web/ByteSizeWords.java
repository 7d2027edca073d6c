package io.steward.server.web;

import java.util.Locale;

/**
 * Decides how an amount of bytes reads: binary units with one decimal ("77.6 GiB"), whole bytes under 1 KiB
 * ("512 B"), because disks and memory are sized in powers of two.
 */
public final class ByteSizeWords {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizeWords() {
    }

    /** 83332284416 reads "77.6 GiB"; null reads "—". */
    public static String of(Number bytes) {
        if (bytes == null) {
            return "—";
        }
        double b = bytes.doubleValue();
        if (Double.isNaN(b) || Double.isInfinite(b)) {
            return "—";
        }
        if (b < 0) {
            return "-" + of(-b);
        }
        if (b < 1024) {
            return Math.round(b) == 1024 ? "1.0 KiB" : Math.round(b) + " B";
        }
        int unit = 0;
        while (b >= 1024 && unit < UNITS.length - 1) {
            b /= 1024;
            unit++;
        }
        // 1023.96 KiB would print "1024.0 KiB"; say "1.0 MiB" instead.
        if (Math.round(b * 10) >= 10240 && unit < UNITS.length - 1) {
            b /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", b, UNITS[unit]);
    }
}
