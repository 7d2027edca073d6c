package io.steward.server.compliance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule that decides each control's status for one client and framework, at the clock's instant. Only fresh evidence
 * counts ({@link Evidence#freshAt}): a control is FAILING when any of its fresh evidence fails, PASSING when it has fresh
 * evidence and all of it passes, NOT_EVALUATED when it has none; a person's not-applicable decision wins over all and
 * leaves the control out of the coverage's denominator. Plain Java, no Spring.
 */
public final class ControlCoverage {
    private final Clock clock;

    public ControlCoverage(Clock clock) {
        this.clock = clock;
    }

    /** A control with its status and the fresh evidence it rests on (stale evidence is listed apart, for people). */
    public record ControlResult(Control control, ControlStatus status, List<Evidence> fresh, List<Evidence> stale, String notApplicableReason) {
        public ControlResult {
            fresh = List.copyOf(fresh);
            stale = List.copyOf(stale);
        }
    }

    /**
     * The coverage of one framework.
     *
     * @param percent passing / (passing + failing + not evaluated), rounded down; null when every control is not applicable
     */
    public record Result(Instant at, List<ControlResult> controls, int passing, int failing, int notEvaluated, int notApplicable, Integer percent) {
        public Result {
            controls = List.copyOf(controls);
        }
    }

    /**
     * @param controls      the framework's controls
     * @param evidence      per control id, the evidence mapped to it (facts and manual evidence), fresh or not
     * @param notApplicable per control id, the reason a person gave
     */
    public Result evaluate(List<Control> controls, Map<String, ? extends Collection<Evidence>> evidence, Map<String, String> notApplicable) {
        Instant now = clock.instant();
        List<ControlResult> out = new ArrayList<>(controls.size());
        int passing = 0;
        int failing = 0;
        int unknown = 0;
        int na = 0;
        for (Control c : controls) {
            List<Evidence> fresh = new ArrayList<>();
            List<Evidence> stale = new ArrayList<>();
            Collection<Evidence> mapped = evidence.get(c.id());
            for (Evidence e : mapped == null ? List.<Evidence>of() : mapped) {
                (e.freshAt(now) ? fresh : stale).add(e);
            }
            ControlStatus status;
            String reason = notApplicable.get(c.id());
            if (reason != null) {
                status = ControlStatus.NOT_APPLICABLE;
                na++;
            } else if (fresh.stream().anyMatch(e -> !e.passed())) {
                status = ControlStatus.FAILING;
                failing++;
            } else if (!fresh.isEmpty()) {
                status = ControlStatus.PASSING;
                passing++;
            } else {
                status = ControlStatus.NOT_EVALUATED;
                unknown++;
            }
            out.add(new ControlResult(c, status, fresh, stale, reason));
        }
        int denominator = passing + failing + unknown;
        return new Result(now, out, passing, failing, unknown, na, denominator == 0 ? null : (int) (100L * passing / denominator));
    }

    /** The statuses that make a finding. */
    public static final Set<ControlStatus> FINDING = Set.of(ControlStatus.FAILING);
}
