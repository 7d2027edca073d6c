package io.steward.server.servicedesk.internal;

import io.steward.server.servicedesk.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How an alert's severity and its device's criticality set the incident's impact. */
class AlertIncidentsTest {

    @Test
    void criticalityRaisesOrLowersTheImpactOneStep() {
        assertThat(AlertIncidents.impact("CRITICAL", "NORMAL")).isEqualTo(Level.HIGH);
        assertThat(AlertIncidents.impact("WARNING", "NORMAL")).isEqualTo(Level.MEDIUM);
        assertThat(AlertIncidents.impact("WARNING", "CRITICAL")).isEqualTo(Level.HIGH);
        assertThat(AlertIncidents.impact("WARNING", "HIGH")).isEqualTo(Level.HIGH);
        assertThat(AlertIncidents.impact("WARNING", "LOW")).isEqualTo(Level.LOW);
        assertThat(AlertIncidents.impact("CRITICAL", "LOW")).isEqualTo(Level.MEDIUM);
        assertThat(AlertIncidents.impact("CRITICAL", "CRITICAL")).isEqualTo(Level.HIGH);
    }
}
