package io.steward.server.web;

import io.steward.server.shared.DurationWords;
import java.util.Locale;

/**
 * Decides how a measured value reads with its unit: bytes in binary units ("77.6 GiB"), percentages with one decimal
 * ("41.2 %"), bits per second in decimal units ("12.3 Mbit/s"), seconds as a duration ("3 h 12 min"), milliseconds with one decimal, counts as whole numbers when they
 * are whole. Where only the metric's name is known (alerts), the unit is taken from the name's suffix
 * ({@code _bytes}, {@code _pct}, {@code _ms}, {@code _seconds}).
 */
public final class MeasureWords {
    private MeasureWords() {
    }

    /** A value in one of the telemetry units (pct, bytes, seconds, count, bps, ms, custom, load). */
    public static String of(double value, String unit) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "—";
        }
        return switch (unit == null ? "" : unit) {
            case "bytes" -> ByteSizeWords.of(value);
            case "bps" -> bits(value);
            // Not a telemetry unit: what ofMetric names a byte rate (disk.read_bytes_per_sec).
            case "bytes/s" -> ByteSizeWords.of(value) + "/s";
            case "pct" -> String.format(Locale.ROOT, "%.1f %%", value);
            case "seconds" -> Math.abs(value) < 60 ? String.format(Locale.ROOT, "%.0f s", value)
                    : DurationWords.of(java.time.Duration.ofSeconds(Math.round(value)));
            case "ms" -> String.format(Locale.ROOT, "%.1f ms", value);
            case "load" -> String.format(Locale.ROOT, "%.2f", value);
            default -> plain(value);
        };
    }

    /** A value of the named metric, its unit read from the name: {@code fs.free_bytes} 83332284416 reads "77.6 GiB". */
    public static String ofMetric(String metric, double value) {
        String m = metric == null ? "" : metric;
        String unit = m.endsWith("_bytes") ? "bytes"
                : m.endsWith("_bytes_per_sec") ? "bytes/s"
                : m.endsWith("_bps") ? "bps"
                : m.endsWith("_pct") ? "pct"
                : m.endsWith("_ms") ? "ms"
                : m.endsWith("_seconds") ? "seconds"
                : m.startsWith("load.") ? "load" : "custom";
        return of(value, unit);
    }

    /** Network rates are bits per second, named in powers of ten as network links are. */
    static String bits(double value) {
        String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
        double v = Math.abs(value);
        int unit = 0;
        while (v >= 999.95 && unit < units.length - 1) {
            v /= 1000;
            unit++;
        }
        String sign = value < 0 ? "-" : "";
        return unit == 0 ? sign + Math.round(v) + " " + units[0] : String.format(Locale.ROOT, "%s%.1f %s", sign, v, units[unit]);
    }

    /** Whole numbers without decimals ("3"), others with up to two ("0.25"). */
    static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%,.2f", value);
    }
}
