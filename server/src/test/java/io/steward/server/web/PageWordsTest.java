package io.steward.server.web;

import io.steward.server.shared.DurationWords;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.server.shared.Role;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The words pages show for durations, sizes, codes and instants: fixed examples and properties. */
class PageWordsTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Pattern HOURS_MINUTES = Pattern.compile("(?:([\\d,]+) h)?(?: ?(\\d+) min)?");

    enum Sample { SERVICE_REQUEST, FULLY_MANAGED, SLA_BREACHED, P1 }

    @Test
    void durationsReadInHoursAndMinutes() {
        assertThat(DurationWords.of(Duration.parse("PT4H"))).isEqualTo("4 h");
        assertThat(DurationWords.of(Duration.parse("PT15M"))).isEqualTo("15 min");
        assertThat(DurationWords.of(Duration.parse("PT1H30M"))).isEqualTo("1 h 30 min");
        assertThat(DurationWords.of(Duration.ZERO)).isEqualTo("0 min");
        assertThat(DurationWords.of(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(DurationWords.of(null)).isEqualTo("—");
        assertThat(DurationWords.minutes(6000)).isEqualTo("100 h");
        assertThat(DurationWords.minutes(130_000)).isEqualTo("2,166 h 40 min");
    }

    @Test
    void isoDurationsInNotesReadAsWords() {
        assertThat(DurationWords.inText("target PT4H (business time)")).isEqualTo("target 4 h (business time)");
        assertThat(DurationWords.inText("target PT15M -> PT1H30M (calendar time)")).isEqualTo("target 15 min -> 1 h 30 min (calendar time)");
        assertThat(DurationWords.inText("PTO and PT stay")).isEqualTo("PTO and PT stay");
        assertThat(DurationWords.inText(null)).isEmpty();
    }

    @Test
    void relativeTimesSayWhichWay() {
        Instant now = Instant.parse("2026-12-06T14:00:00Z");
        assertThat(DurationWords.relative(now.plus(Duration.parse("PT3H46M30S")), now)).isEqualTo("in 3 h 46 min");
        assertThat(DurationWords.relative(now.minus(Duration.ofMinutes(12)), now)).isEqualTo("12 min ago");
        assertThat(DurationWords.relative(now.plusSeconds(59), now)).isEqualTo("now");
        // One second short of 15 minutes is not yet "15 min": a due time never looks further away than it is.
        assertThat(DurationWords.relative(now.plus(Duration.ofMinutes(15)).minusSeconds(1), now)).isEqualTo("in 14 min");
        // Wall-clock distances of a day or more read in days, as the page's live countdown does.
        assertThat(DurationWords.relative(now.plus(Duration.parse("P12DT14H30M")), now)).isEqualTo("in 12 d 14 h");
        assertThat(DurationWords.until(now.plus(Duration.parse("PT3H46M")), now)).isEqualTo("in 3 h 46 min");
        assertThat(DurationWords.until(now.minus(Duration.ofMinutes(12)), now)).isEqualTo("overdue 12 min");
        assertThat(DurationWords.until(now.plusSeconds(20), now)).isEqualTo("in 0 min");
    }

    @Test
    void bytesReadInBinaryUnits() {
        assertThat(ByteSizeWords.of(83332284416L)).isEqualTo("77.6 GiB");
        assertThat(ByteSizeWords.of(512)).isEqualTo("512 B");
        assertThat(ByteSizeWords.of(1024)).isEqualTo("1.0 KiB");
        assertThat(ByteSizeWords.of(1024L * 1024 - 1)).isEqualTo("1.0 MiB");
        assertThat(ByteSizeWords.of(83332284416.0)).isEqualTo("77.6 GiB");
        assertThat(ByteSizeWords.of(null)).isEqualTo("—");
    }

    @Test
    void measuresReadWithTheirUnit() {
        assertThat(MeasureWords.of(83332284416.0, "bytes")).isEqualTo("77.6 GiB");
        assertThat(MeasureWords.of(41.234, "pct")).isEqualTo("41.2 %");
        assertThat(MeasureWords.of(11520, "seconds")).isEqualTo("3 h 12 min");
        assertThat(MeasureWords.of(12_345_678, "bps")).isEqualTo("12.3 Mbit/s");
        assertThat(MeasureWords.of(3, "count")).isEqualTo("3");
        assertThat(MeasureWords.of(0.25, "load")).isEqualTo("0.25");
        assertThat(MeasureWords.ofMetric("fs.free_bytes", 83332284416.0)).isEqualTo("77.6 GiB");
        assertThat(MeasureWords.ofMetric("fs.used_pct", 93.04)).isEqualTo("93.0 %");
        assertThat(MeasureWords.ofMetric("agent.offline", 1)).isEqualTo("1");
    }

    @Test
    void codesReadAsWords() {
        assertThat(CodeWords.of(Sample.SERVICE_REQUEST)).isEqualTo("Service request");
        assertThat(CodeWords.of(Sample.FULLY_MANAGED)).isEqualTo("Fully managed");
        assertThat(CodeWords.of(Sample.SLA_BREACHED)).isEqualTo("SLA breached");
        assertThat(CodeWords.of(Sample.P1)).isEqualTo("P1");
        assertThat(CodeWords.of("OPEN")).isEqualTo("Open");
        assertThat(CodeWords.of("Fully managed")).isEqualTo("Fully managed");
        assertThat(CodeWords.of(null)).isEqualTo("—");
        // An enum's own label wins over the spelled-out code.
        assertThat(CodeWords.of(Role.MSP_ADMIN)).isEqualTo("MSP admin");
        assertThat(CodeWords.of(io.steward.server.servicedesk.DueClock.RESPONSE)).isEqualTo("Response");
        assertThat(CodeWords.ofField("status", "IN_PROGRESS")).isEqualTo("In progress");
        assertThat(CodeWords.ofField("title", "UPS")).isEqualTo("UPS");
        assertThat(CodeWords.ofField("change_outcome", "BACKED_OUT")).isEqualTo("Backed out");
    }

    @Test
    void instantsReadInTheViewersZoneWithItsName() {
        Instant winter = Instant.parse("2026-12-06T14:03:00Z");
        Instant summer = Instant.parse("2026-07-06T14:03:00Z");
        assertThat(TimeWords.dateTimeZone(winter, NEW_YORK)).isEqualTo("2026-12-06 09:03 EST");
        assertThat(TimeWords.dateTimeZone(summer, NEW_YORK)).isEqualTo("2026-07-06 10:03 EDT");
        assertThat(TimeWords.dateTime(winter, BERLIN)).isEqualTo("2026-12-06 15:03");
        assertThat(TimeWords.dateTimeZone(winter, ZoneId.of("UTC"))).isEqualTo("2026-12-06 14:03 UTC");
        assertThat(TimeWords.dayTime(winter, BERLIN)).isEqualTo("Sun 2026-12-06 15:03");
        // New Year's Eve in New York is already New Year in UTC.
        assertThat(TimeWords.date(Instant.parse("2027-01-01T03:00:00Z"), NEW_YORK)).isEqualTo("2026-12-31");
        assertThat(TimeWords.dateTime(null, NEW_YORK)).isEqualTo("—");
    }

    @Test
    void theDaylightSavingChangeShowsTheRepeatedHourTwiceWithDifferentNames() {
        Instant first = Instant.parse("2026-11-01T05:30:00Z");
        Instant second = Instant.parse("2026-11-01T06:30:00Z");
        assertThat(TimeWords.dateTimeZone(first, NEW_YORK)).isEqualTo("2026-11-01 01:30 EDT");
        assertThat(TimeWords.dateTimeZone(second, NEW_YORK)).isEqualTo("2026-11-01 01:30 EST");
    }

    @Property
    void minutesReadBackToTheSameCount(@ForAll @LongRange(min = 0, max = 10_000_000) long minutes) {
        Matcher m = HOURS_MINUTES.matcher(DurationWords.minutes(minutes));
        assertThat(m.matches()).as(DurationWords.minutes(minutes)).isTrue();
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1).replace(",", ""));
        long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        assertThat(min).isLessThan(60);
        assertThat(h * 60 + min).isEqualTo(minutes);
    }

    @Property
    void durationsAgreeWithTheirWholeMinutes(@ForAll @LongRange(min = 60, max = 100_000_000) long seconds) {
        assertThat(DurationWords.of(Duration.ofSeconds(seconds))).isEqualTo(DurationWords.minutes(seconds / 60));
        assertThat(DurationWords.of(Duration.ofSeconds(seconds))).doesNotContain("PT");
    }

    @Property
    void relativeIsInTheFutureExactlyWhenAtIsAMinuteAhead(@ForAll @IntRange(min = -1_000_000, max = 1_000_000) int seconds) {
        Instant now = Instant.parse("2026-12-31T23:59:30Z");
        String words = DurationWords.relative(now.plusSeconds(seconds), now);
        if (seconds >= 60) {
            assertThat(words).startsWith("in ");
        } else if (seconds <= -60) {
            assertThat(words).endsWith(" ago");
        } else {
            assertThat(words).isEqualTo("now");
        }
    }

    @Property
    void bytesNameAFigureUnder1024InTheirUnit(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes) {
        String words = ByteSizeWords.of(bytes);
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d)?) (B|KiB|MiB|GiB|TiB|PiB|EiB)").matcher(words);
        assertThat(m.matches()).as(words).isTrue();
        double figure = Double.parseDouble(m.group(1));
        assertThat(figure).isLessThan(1024);
        int power = java.util.List.of("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB").indexOf(m.group(2));
        // Within rounding of one decimal, the figure times its unit is the amount.
        assertThat(Math.abs(figure * Math.pow(1024, power) - bytes)).isLessThanOrEqualTo(0.05 * Math.pow(1024, power) + 0.5);
    }

    @Property
    void codesBecomeSentencesWithoutUnderscores(@ForAll("codes") String code) {
        String words = CodeWords.ofCode(code);
        assertThat(words).doesNotContain("_");
        assertThat(words.replace(" ", "_").toUpperCase(java.util.Locale.ROOT)).isEqualTo(code);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> codes() {
        net.jqwik.api.Arbitrary<String> word = net.jqwik.api.Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8);
        return word.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("_", l));
    }
}
