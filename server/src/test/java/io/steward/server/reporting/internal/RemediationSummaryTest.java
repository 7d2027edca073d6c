package io.steward.server.reporting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.reporting.MonthlyReport.RemediatedIncident;
import io.steward.server.reporting.MonthlyReport.Remediation;
import org.junit.jupiter.api.Test;

class RemediationSummaryTest {
    private static RemediatedIncident incident(long minutes) {
        Instant opened = Instant.parse("2026-11-30T23:50:00Z");
        return new RemediatedIncident(UUID.randomUUID(), 1, "Disk full on web-01", opened, opened.plusSeconds(minutes * 60), minutes);
    }

    @Test
    void minutesSavedAreTheMeanManualTimeLessEachRemediatedIncidentsOwnNeverBelowZero() {
        Remediation r = RemediationData.summarize(3, 2, 90.4, List.of(incident(4), incident(120)));
        assertThat(r.minutesSaved()).isEqualTo(90 - 4);
        assertThat(r.manualMttrMinutes()).isEqualTo(90.4);
        assertThat(r.note()).isNull();
    }

    @Test
    void withoutIncidentsResolvedByPeopleNothingIsClaimedAndTheSectionSaysWhy() {
        Remediation r = RemediationData.summarize(1, 1, null, List.of(incident(3)));
        assertThat(r.minutesSaved()).isZero();
        assertThat(r.note()).contains("no minutes saved are claimed");
        assertThat(RemediationData.summarize(0, 0, 30.0, List.of()).note()).contains("No alert was remediated");
    }
}
