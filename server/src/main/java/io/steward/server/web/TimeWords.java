package io.steward.server.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Decides how an instant reads for a person in their time zone: "2026-12-06 09:03" in tables, with the zone's short
 * name where the zone matters ("2026-12-06 09:03 EST"). Digits stay ISO-ordered so columns sort and read the same
 * everywhere; only the zone changes.
 */
public final class TimeWords {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY_MINUTE = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private TimeWords() {
    }

    public static String date(Instant at, ZoneId zone) {
        return at == null ? "—" : DATE.format(at.atZone(zone));
    }

    public static String dateTime(Instant at, ZoneId zone) {
        return at == null ? "—" : MINUTE.format(at.atZone(zone));
    }

    public static String dateTimeSeconds(Instant at, ZoneId zone) {
        return at == null ? "—" : SECOND.format(at.atZone(zone));
    }

    /** With the weekday, for windows and due times people plan around: "Mon 2026-12-07 09:00". */
    public static String dayTime(Instant at, ZoneId zone) {
        return at == null ? "—" : DAY_MINUTE.format(at.atZone(zone));
    }

    /** The time of day only, for the end of a window that starts the same day: "11:00". */
    public static String clock(Instant at, ZoneId zone) {
        return at == null ? "—" : CLOCK.format(at.atZone(zone));
    }

    /** With the zone's short name at that instant: "2026-12-06 09:03 EST" (EDT in summer). */
    public static String dateTimeZone(Instant at, ZoneId zone) {
        return at == null ? "—" : dateTime(at, zone) + " " + shortName(at, zone);
    }

    /** The zone's short name in force at {@code at}: "EST" or "EDT", "CET" or "CEST", "UTC". */
    public static String shortName(Instant at, ZoneId zone) {
        if ("UTC".equals(zone.getId()) || "Z".equals(zone.getId())) {
            return "UTC";
        }
        return DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(at.atZone(zone));
    }

    /** The zone's name people recognise: "America/New_York", or "UTC". */
    public static String zoneName(ZoneId zone) {
        return "Z".equals(zone.getId()) ? "UTC" : zone.getId();
    }
}
