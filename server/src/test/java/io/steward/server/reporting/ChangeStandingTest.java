package io.steward.server.reporting;

import io.steward.server.servicedesk.Change;
import io.steward.server.servicedesk.ChangeStage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a change stood at a report's end, from its stage and outcome then. */
class ChangeStandingTest {

    @Test
    void implementedChangesStandByTheirOutcomeAndOldOnesWithoutOneAsSuccessful() {
        assertThat(ChangeStanding.of("IMPLEMENTED", "FAILED")).isEqualTo(ChangeStanding.FAILED);
        assertThat(ChangeStanding.of("REVIEWED", "BACKED_OUT")).isEqualTo(ChangeStanding.BACKED_OUT);
        assertThat(ChangeStanding.of("REVIEWED", null)).isEqualTo(ChangeStanding.SUCCESSFUL);
        assertThat(ChangeStanding.of("REJECTED", null)).isEqualTo(ChangeStanding.REJECTED);
        assertThat(ChangeStanding.of("SCHEDULED", null)).isEqualTo(ChangeStanding.OPEN);
        assertThat(ChangeStanding.OPEN.implemented()).isFalse();
        assertThat(ChangeStanding.BACKED_OUT.implemented()).isTrue();
    }

    @Property(tries = 200)
    void everyStageAndOutcomeHasExactlyOneStandingAndOnlyImplementedStagesCarryAnOutcome(@ForAll ChangeStage stage, @ForAll Change.Outcome outcome,
                                                                                        @ForAll boolean recorded) {
        ChangeStanding s = ChangeStanding.of(stage.name(), recorded ? outcome.name() : null);
        boolean implemented = stage == ChangeStage.IMPLEMENTED || stage == ChangeStage.REVIEWED;
        assertThat(s.implemented()).isEqualTo(implemented);
        if (implemented) {
            assertThat(s.name()).isEqualTo(recorded ? outcome.name() : "SUCCESSFUL");
        } else {
            assertThat(s).isEqualTo(stage == ChangeStage.REJECTED ? ChangeStanding.REJECTED : ChangeStanding.OPEN);
        }
    }
}
