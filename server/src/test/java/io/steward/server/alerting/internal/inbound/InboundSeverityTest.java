package io.steward.server.alerting.internal.inbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboundSeverityTest {

    @Test
    void theUsualWordsRankAsPrometheusRulesAndPagersUseThem() {
        assertThat(InboundSeverity.normalise("critical", "X")).isEqualTo("CRITICAL");
        assertThat(InboundSeverity.normalise(" Page ", "X")).isEqualTo("CRITICAL");
        assertThat(InboundSeverity.normalise("P1", "X")).isEqualTo("CRITICAL");
        assertThat(InboundSeverity.normalise("warning", "X")).isEqualTo("WARNING");
        assertThat(InboundSeverity.normalise("minor", "X")).isEqualTo("WARNING");
        assertThat(InboundSeverity.normalise("something-odd", "X")).as("an unknown word: a monitor still says something is wrong")
                .isEqualTo("WARNING");
        assertThat(InboundSeverity.normalise("info", "X")).isEqualTo("INFO");
        assertThat(InboundSeverity.normalise("none", "X")).isEqualTo("INFO");
        assertThat(InboundSeverity.normalise(null, "WARNING")).isEqualTo("WARNING");
        assertThat(InboundSeverity.normalise("  ", "CRITICAL")).isEqualTo("CRITICAL");
    }

    @Test
    void impactFollowsSeverityAndTheDevicesCriticality() {
        assertThat(InboundSeverity.impact("CRITICAL", null)).isEqualTo("HIGH");
        assertThat(InboundSeverity.impact("WARNING", null)).isEqualTo("MEDIUM");
        assertThat(InboundSeverity.impact("INFO", null)).isEqualTo("LOW");
        assertThat(InboundSeverity.impact("WARNING", "CRITICAL")).isEqualTo("HIGH");
        assertThat(InboundSeverity.impact("INFO", "HIGH")).isEqualTo("MEDIUM");
        assertThat(InboundSeverity.impact("CRITICAL", "HIGH")).as("never above high").isEqualTo("HIGH");
        assertThat(InboundSeverity.impact("CRITICAL", "LOW")).isEqualTo("MEDIUM");
        assertThat(InboundSeverity.impact("INFO", "LOW")).as("never below low").isEqualTo("LOW");
        assertThat(InboundSeverity.impact("WARNING", "NORMAL")).isEqualTo("MEDIUM");
    }

    @Test
    void urgencyIsHighUnlessItIsOnlyInformation() {
        assertThat(InboundSeverity.urgency("CRITICAL")).isEqualTo("HIGH");
        assertThat(InboundSeverity.urgency("WARNING")).isEqualTo("HIGH");
        assertThat(InboundSeverity.urgency("INFO")).isEqualTo("MEDIUM");
    }
}
