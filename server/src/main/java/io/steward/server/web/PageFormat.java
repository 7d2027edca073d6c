package io.steward.server.web;

import io.steward.server.shared.DurationWords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import io.steward.server.shared.Viewer;
import io.steward.server.shared.ViewerZones;
import org.springframework.stereotype.Component;

/**
 * What pages call to show times, durations, sizes and codes to people, as {@code ${@fmt...}} in templates: times in the
 * viewer's own zone ({@link ViewerZones}), durations in hours and minutes, bytes in binary units, codes as words. The
 * API keeps codes and ISO values; only pages use this. The decisions live in {@link TimeWords}, {@link DurationWords},
 * {@link ByteSizeWords} and {@link CodeWords}.
 */
@Component("fmt")
public class PageFormat {
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final ViewerZones zones;
    private final Clock clock;

    public PageFormat(ViewerZones zones, Clock clock) {
        this.zones = zones;
        this.clock = clock;
    }

    /** The zone this request's viewer sees times in (UTC before sign-in). */
    public ZoneId zone() {
        return Viewer.current().map(zones::zoneOf).orElse(UTC);
    }

    /** The viewer's zone by name: "America/New_York". */
    public String zoneName() {
        return TimeWords.zoneName(zone());
    }

    /** "2026-12-06" in the viewer's zone. */
    public String date(Object at) {
        return TimeWords.date(instant(at), zone());
    }

    /** "2026-12-06 09:03" in the viewer's zone. */
    public String dateTime(Object at) {
        return TimeWords.dateTime(instant(at), zone());
    }

    /** "2026-12-06 09:03:27" in the viewer's zone. */
    public String dateTimeSeconds(Object at) {
        return TimeWords.dateTimeSeconds(instant(at), zone());
    }

    /** "2026-12-06 09:03 EST": where the zone matters, such as a due time or a time shown alone. */
    public String dateTimeZone(Object at) {
        return TimeWords.dateTimeZone(instant(at), zone());
    }

    /** "Mon 2026-12-07 09:00" in the viewer's zone. */
    public String dayTime(Object at) {
        return TimeWords.dayTime(instant(at), zone());
    }

    /** "11:00" in the viewer's zone. */
    public String clock(Object at) {
        return TimeWords.clock(instant(at), zone());
    }

    /** The viewer's zone's short name now: "EST". */
    public String zoneShort() {
        return TimeWords.shortName(clock.instant(), zone());
    }

    /** "in 3 h 46 min", "12 min ago" or "now", from this clock's present. */
    public String relative(Object at) {
        Instant i = instant(at);
        return i == null ? "—" : DurationWords.relative(i, clock.instant());
    }

    /** A due time's distance as the live countdown words it: "in 3 h 46 min", "overdue 12 min". */
    public String until(Object due) {
        Instant i = instant(due);
        return i == null ? "—" : DurationWords.until(i, clock.instant());
    }

    /** {@code PT4H} reads "4 h", {@code PT1H30M} "1 h 30 min". */
    public String duration(Duration d) {
        return DurationWords.of(d);
    }

    /** 300 seconds read "5 min", 45 read "45 s" (alert windows and hold times are kept in seconds). */
    public String seconds(Number seconds) {
        return seconds == null ? "—" : DurationWords.of(Duration.ofSeconds(seconds.longValue()));
    }

    /** A note such as "target PT4H (business time)" with its ISO durations in words: "target 4 h (business time)". */
    public String text(String note) {
        return DurationWords.inText(note);
    }

    /** 6000 minutes read "100 h". */
    public String minutes(Number minutes) {
        return minutes == null ? "—" : DurationWords.minutes(Math.round(minutes.doubleValue()));
    }

    /** 83332284416 bytes read "77.6 GiB". */
    public String bytes(Number bytes) {
        return ByteSizeWords.of(bytes);
    }

    /** A measured value with its telemetry unit: 83332284416 "bytes" reads "77.6 GiB". */
    public String measure(Number value, String unit) {
        return value == null ? "—" : MeasureWords.of(value.doubleValue(), unit);
    }

    /** A value of the named metric, its unit taken from the name's suffix ({@code fs.free_bytes}). */
    public String metric(String metric, Number value) {
        return value == null ? "—" : MeasureWords.ofMetric(metric, value.doubleValue());
    }

    /** {@code SERVICE_REQUEST} reads "Service request"; an enum's own word() or label() wins. */
    public String word(Object code) {
        return CodeWords.of(code);
    }

    /** A recorded value of a field: words where the field holds codes (status, type ...), people's text unchanged. */
    public String fieldValue(String field, String value) {
        return CodeWords.ofField(field, value);
    }

    private static Instant instant(Object at) {
        return switch (at) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case ZonedDateTime z -> z.toInstant();
            default -> throw new IllegalArgumentException("not an instant: " + at.getClass().getName());
        };
    }
}
