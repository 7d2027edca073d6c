package io.steward.server.compliance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The coverage rule on its own: fresh passing counts, stale does not, no evidence is "not evaluated", N/A leaves the denominator. */
class ControlCoverageTest {
    // A Sunday night at a year's end, in UTC: nothing in the rule may depend on the calendar.
    private static final Instant NOW = Instant.parse("2028-12-31T23:59:30Z");
    private static final ControlCoverage RULE = new ControlCoverage(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final Control A = new Control("ac-2", "AC-2", "Account Management", "Access Control");
    private static final Control B = new Control("cp-9", "CP-9", "System Backup", "Contingency Planning");
    private static final Control C = new Control("sc-28", "SC-28", "Protection of Information at Rest", "SC");

    private static Evidence ev(boolean passed, Duration observedAgo, Duration expiresIn) {
        Instant observed = NOW.minus(observedAgo);
        return new Evidence("security.firewall", passed, observed, NOW.plus(expiresIn), "s", "");
    }

    @Test
    void freshPassingCountsStaleDoesNotAndNoEvidenceIsNotEvaluated() {
        ControlCoverage.Result r = RULE.evaluate(List.of(A, B, C), Map.of(
                "ac-2", List.of(ev(true, Duration.ofHours(1), Duration.ofHours(1))),
                "cp-9", List.of(ev(true, Duration.ofDays(3), Duration.ofDays(-1)))), Map.of());
        assertThat(r.controls()).extracting(ControlCoverage.ControlResult::status)
                .containsExactly(ControlStatus.PASSING, ControlStatus.NOT_EVALUATED, ControlStatus.NOT_EVALUATED);
        assertThat(r.controls().get(1).stale()).hasSize(1);
        assertThat(r.percent()).isEqualTo(33);
    }

    @Test
    void evidenceExpiringExactlyNowIsStale() {
        ControlCoverage.Result r = RULE.evaluate(List.of(A), Map.of("ac-2", List.of(ev(true, Duration.ofHours(1), Duration.ZERO))), Map.of());
        assertThat(r.controls().getFirst().status()).isEqualTo(ControlStatus.NOT_EVALUATED);
    }

    @Test
    void anyFreshFailureFailsAndStaleFailureIsIgnored() {
        ControlCoverage.Result r = RULE.evaluate(List.of(A, B), Map.of(
                "ac-2", List.of(ev(true, Duration.ofMinutes(5), Duration.ofHours(1)), ev(false, Duration.ofMinutes(5), Duration.ofHours(1))),
                "cp-9", List.of(ev(true, Duration.ofMinutes(5), Duration.ofHours(1)), ev(false, Duration.ofDays(2), Duration.ofDays(-1)))), Map.of());
        assertThat(r.controls()).extracting(ControlCoverage.ControlResult::status).containsExactly(ControlStatus.FAILING, ControlStatus.PASSING);
        assertThat(r.passing()).isEqualTo(1);
        assertThat(r.failing()).isEqualTo(1);
        assertThat(r.percent()).isEqualTo(50);
    }

    @Test
    void notApplicableIsLeftOutOfTheDenominatorAndWinsOverEvidence() {
        ControlCoverage.Result r = RULE.evaluate(List.of(A, B, C), Map.of(
                "ac-2", List.of(ev(true, Duration.ofMinutes(5), Duration.ofHours(1))),
                "sc-28", List.of(ev(false, Duration.ofMinutes(5), Duration.ofHours(1)))), Map.of("sc-28", "no data at rest", "cp-9", "no backups sold"));
        assertThat(r.controls().get(2).status()).isEqualTo(ControlStatus.NOT_APPLICABLE);
        assertThat(r.controls().get(2).notApplicableReason()).isEqualTo("no data at rest");
        assertThat(r.percent()).isEqualTo(100);
        assertThat(RULE.evaluate(List.of(A), Map.of(), Map.of("ac-2", "x")).percent()).isNull();
    }

    @Test
    void evidenceObservedAfterNowIsNotFresh() {
        Evidence future = new Evidence("x", true, NOW.plusSeconds(10), NOW.plusSeconds(100), "s", "");
        assertThat(RULE.evaluate(List.of(A), Map.of("ac-2", List.of(future)), Map.of()).controls().getFirst().status())
                .isEqualTo(ControlStatus.NOT_EVALUATED);
    }

    /** One piece of evidence as the property sees it: pass or fail, fresh or stale. */
    record Piece(boolean passed, boolean fresh, int minutes) {
        Evidence evidence() {
            Duration m = Duration.ofMinutes(minutes);
            return fresh ? new Evidence("f", passed, NOW.minus(m), NOW.plus(m), "s", "")
                    : new Evidence("f", passed, NOW.minus(m).minus(m), NOW.minus(m), "s", "");
        }
    }

    @Provide
    Arbitrary<List<List<Piece>>> controls() {
        Arbitrary<Piece> piece = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(1, 100_000))
                .as(Piece::new);
        return piece.list().ofMaxSize(4).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 300)
    void statusFollowsOnlyFreshEvidenceAndTheCountsAddUp(@ForAll("controls") List<List<Piece>> pieces, @ForAll @IntRange(min = 0, max = 30) int naCount) {
        List<Control> cs = new ArrayList<>();
        Map<String, List<Evidence>> evidence = new HashMap<>();
        Map<String, String> na = new HashMap<>();
        for (int i = 0; i < pieces.size(); i++) {
            Control c = new Control("c-" + i, "C-" + i, "t", "g");
            cs.add(c);
            evidence.put(c.id(), pieces.get(i).stream().map(Piece::evidence).toList());
            if (i < naCount) {
                na.put(c.id(), "reason " + i);
            }
        }
        ControlCoverage.Result r = RULE.evaluate(cs, evidence, na);
        for (int i = 0; i < pieces.size(); i++) {
            List<Piece> p = pieces.get(i);
            ControlStatus expected = i < naCount ? ControlStatus.NOT_APPLICABLE
                    : p.stream().anyMatch(x -> x.fresh() && !x.passed()) ? ControlStatus.FAILING
                    : p.stream().anyMatch(Piece::fresh) ? ControlStatus.PASSING : ControlStatus.NOT_EVALUATED;
            assertThat(r.controls().get(i).status()).isEqualTo(expected);
        }
        assertThat(r.passing() + r.failing() + r.notEvaluated() + r.notApplicable()).isEqualTo(pieces.size());
        assertThat(r.notApplicable()).isEqualTo(Math.min(naCount, pieces.size()));
        int denominator = pieces.size() - r.notApplicable();
        assertThat(r.percent()).isEqualTo(denominator == 0 ? null : 100 * r.passing() / denominator);
    }

    @Property(tries = 200)
    void staleEvidenceNeverMakesAControlPass(@ForAll("controls") List<List<Piece>> pieces) {
        List<Control> cs = new ArrayList<>();
        Map<String, List<Evidence>> evidence = new HashMap<>();
        for (int i = 0; i < pieces.size(); i++) {
            cs.add(new Control("c-" + i, "C-" + i, "t", "g"));
            evidence.put("c-" + i, pieces.get(i).stream().map(p -> new Piece(p.passed(), false, p.minutes()).evidence()).toList());
        }
        ControlCoverage.Result r = RULE.evaluate(cs, evidence, Map.of());
        assertThat(r.controls()).allMatch(c -> c.status() == ControlStatus.NOT_EVALUATED);
        assertThat(r.percent()).isZero();
    }

    @Property(tries = 200)
    void markingAControlNotApplicableNeverLowersThePassingCount(@ForAll("controls") List<List<Piece>> pieces) {
        List<Control> cs = new ArrayList<>();
        Map<String, List<Evidence>> evidence = new HashMap<>();
        for (int i = 0; i < pieces.size(); i++) {
            cs.add(new Control("c-" + i, "C-" + i, "t", "g"));
            evidence.put("c-" + i, pieces.get(i).stream().map(Piece::evidence).toList());
        }
        ControlCoverage.Result before = RULE.evaluate(cs, evidence, Map.of());
        // Marking a control that does not pass leaves the passing count and shrinks the denominator.
        before.controls().stream().filter(c -> c.status() != ControlStatus.PASSING).findFirst().ifPresent(c -> {
            ControlCoverage.Result after = RULE.evaluate(cs, evidence, Map.of(c.control().id(), "r"));
            assertThat(after.passing()).isEqualTo(before.passing());
            assertThat(after.passing() + after.failing() + after.notEvaluated()).isEqualTo(before.passing() + before.failing() + before.notEvaluated() - 1);
            if (before.percent() != null && after.percent() != null) {
                assertThat(after.percent()).isGreaterThanOrEqualTo(before.percent());
            }
        });
    }
}
