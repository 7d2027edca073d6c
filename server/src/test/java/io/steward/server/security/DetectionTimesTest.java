package io.steward.server.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** MTTD and MTTR of a month: only episodes detected in it, open ones apart, medians and means exact. */
class DetectionTimesTest {
    private static final Instant FROM = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-01T00:00:00Z");

    private static DetectionTimes.Episode ep(String began, String detected, String fixed) {
        return new DetectionTimes.Episode(Instant.parse(began), Instant.parse(detected), fixed == null ? null : Instant.parse(fixed));
    }

    @Test
    void onlyEpisodesDetectedInTheMonthCountAndOpenOnesAreApart() {
        List<DetectionTimes.Episode> episodes = List.of(
                ep("2026-01-31T23:00:00Z", "2026-02-01T00:10:00Z", "2026-02-01T01:10:00Z"),  // detect 70 min, repair 60
                ep("2026-02-10T10:00:00Z", "2026-02-10T10:30:00Z", "2026-02-10T12:30:00Z"),  // detect 30, repair 120
                ep("2026-02-20T10:00:00Z", "2026-02-20T12:00:00Z", null),                     // detect 120, open
                ep("2026-02-28T23:00:00Z", "2026-03-01T00:00:00Z", null),                     // detected next month
                ep("2026-01-30T00:00:00Z", "2026-01-31T00:00:00Z", "2026-02-05T00:00:00Z"));  // detected last month
        DetectionTimes.Month m = DetectionTimes.of(episodes, FROM, TO, TO);
        assertThat(m.detected()).isEqualTo(3);
        assertThat(m.stillOpen()).isEqualTo(1);
        assertThat(m.mttd().count()).isEqualTo(3);
        assertThat(m.mttd().median()).isEqualTo(Duration.ofMinutes(70));
        assertThat(m.mttd().mean()).isEqualTo(Duration.ofMinutes(220).dividedBy(3));
        assertThat(m.mttr().count()).isEqualTo(2);
        assertThat(m.mttr().median()).as("the mean of the two middle values").isEqualTo(Duration.ofMinutes(90));
        assertThat(m.mttr().mean()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void asOfTheMiddleOfTheMonthLaterFixesAndDetectionsAreNotKnownYet() {
        List<DetectionTimes.Episode> episodes = List.of(ep("2026-02-10T10:00:00Z", "2026-02-10T10:30:00Z", "2026-02-20T10:30:00Z"),
                ep("2026-02-20T10:00:00Z", "2026-02-21T10:00:00Z", null));
        DetectionTimes.Month m = DetectionTimes.of(episodes, FROM, TO, Instant.parse("2026-02-15T00:00:00Z"));
        assertThat(m.detected()).isEqualTo(1);
        assertThat(m.stillOpen()).isEqualTo(1);
        assertThat(m.mttr().count()).isZero();
        assertThat(m.mttr().median()).isNull();
    }

    @Test
    void aMonthWithoutEpisodesHasNoFigures() {
        DetectionTimes.Month m = DetectionTimes.of(List.of(), FROM, TO, TO);
        assertThat(m).isEqualTo(new DetectionTimes.Month(0, new DetectionTimes.Stats(0, null, null), new DetectionTimes.Stats(0, null, null), 0));
    }

    /** The median and the mean lie between the least and the greatest, and fixed plus open is detected. */
    @Property(tries = 300)
    void statsLieWithinTheirValues(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 100_000) Integer> minutes,
                                   @ForAll @IntRange(min = 0, max = 100) int openShare) {
        List<DetectionTimes.Episode> episodes = new ArrayList<>();
        Instant at = FROM;
        for (int i = 0; i < minutes.size(); i++) {
            at = at.plusSeconds(60);
            boolean open = i * 100 / minutes.size() < openShare;
            episodes.add(new DetectionTimes.Episode(at.minus(Duration.ofMinutes(minutes.get(i))), at, open ? null : at.plus(Duration.ofMinutes(minutes.get(i)))));
        }
        DetectionTimes.Month m = DetectionTimes.of(episodes, FROM, TO, TO.plus(Duration.ofDays(100)));
        assertThat(m.detected()).isEqualTo(minutes.size());
        assertThat(m.mttr().count() + m.stillOpen()).isEqualTo(m.detected());
        Duration min = Duration.ofMinutes(minutes.stream().min(Integer::compare).orElseThrow());
        Duration max = Duration.ofMinutes(minutes.stream().max(Integer::compare).orElseThrow());
        assertThat(m.mttd().median()).isBetween(min, max);
        assertThat(m.mttd().mean()).isBetween(min, max);
        if (m.mttr().count() > 0) {
            assertThat(m.mttr().median()).isBetween(min, max);
        }
    }
}
