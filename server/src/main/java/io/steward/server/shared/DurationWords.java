package io.steward.server.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides how a length of time reads: hours and minutes ("15 min", "4 h", "1 h 30 min", "100 h"), never days, because
 * SLA targets count business hours and "4 d" would read as calendar days. Under a minute it reads in seconds. Distances
 * on the wall clock to or from an instant ({@link #relative}, {@link #until}) do use days: "in 2 d 5 h".
 */
public final class DurationWords {
    private static final Pattern ISO = Pattern.compile("\\bP(?:\\d+D)?T(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?\\b");

    private DurationWords() {
    }

    /** {@code PT4H} reads "4 h"; null reads "—". */
    public static String of(Duration d) {
        if (d == null) {
            return "—";
        }
        if (d.isNegative()) {
            return "-" + of(d.negated());
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            return d.isZero() ? "0 min" : d.toSeconds() + " s";
        }
        return minutes(d.toMinutes());
    }

    /** A count of minutes, such as 6000, reads "100 h". */
    public static String minutes(long minutes) {
        if (minutes < 0) {
            return "-" + minutes(-minutes);
        }
        long h = minutes / 60;
        long m = minutes % 60;
        if (h == 0) {
            return m + " min";
        }
        String hours = String.format(Locale.ROOT, "%,d h", h);
        return m == 0 ? hours : hours + " " + m + " min";
    }

    /**
     * A sentence written for machines and people alike, such as an SLA timeline note "target PT4H (business time)", with
     * its ISO durations in words: "target 4 h (business time)".
     */
    public static String inText(String text) {
        if (text == null) {
            return "";
        }
        Matcher m = ISO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String words;
            try {
                words = m.group().equals("PT") || m.group().equals("P") ? m.group() : of(Duration.parse(m.group()));
            } catch (DateTimeParseException e) {
                words = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(words));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * How far {@code at} is from {@code now} on the wall clock: "in 3 h 46 min", "12 min ago", "in 2 d 5 h", or "now"
     * within a minute. Whole days show as days here (this is calendar time, unlike an SLA target). Counts whole minutes
     * towards zero, so "in 15 min" is never shown when 14 min 59 s are left.
     */
    public static String relative(Instant at, Instant now) {
        long minutes = Duration.between(now, at).toMinutes();
        if (minutes == 0) {
            return "now";
        }
        return minutes > 0 ? "in " + distance(minutes) : distance(-minutes) + " ago";
    }

    /**
     * A due time's distance, as the page's live countdown (steward.js) words it: "in 3 h 46 min", "overdue 12 min",
     * "in 2 d 5 h".
     */
    public static String until(Instant due, Instant now) {
        long minutes = Duration.between(now, due).toMinutes();
        return minutes >= 0 ? "in " + distance(minutes) : "overdue " + distance(-minutes);
    }

    private static String distance(long minutes) {
        return minutes >= 1440 ? minutes / 1440 + " d " + minutes % 1440 / 60 + " h" : minutes(minutes);
    }
}
