package io.steward.server.reporting.dashboard;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.steward.server.servicedesk.TicketSla;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard classifies tickets in SQL; the ticket's SLA badge classifies them in Java (TicketSla.standing). On
 * 2,000 random SLA projections, in PostgreSQL, the two must agree, or a count would not match the badges in the list
 * behind it. MET counts as NONE on the dashboard (no clock running).
 */
class SlaStandingSqlTest extends IntegrationTest {
    @Autowired
    JdbcClient jdbc;

    @Test
    void theSqlCaseAgreesWithTheBadgeOnRandomProjections() {
        Random random = new Random(20261123);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        String[] states = {"NONE", "RUNNING", "PAUSED", "MET", "BREACHED"};
        List<TicketSla> cases = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            cases.add(new TicketSla(around(random, now), around(random, now), around(random, now), states[random.nextInt(states.length)],
                    random.nextInt(5) == 0 ? now.minus(Duration.ofMinutes(random.nextInt(600))) : null));
        }
        StringBuilder values = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < SlaStanding.SQL_PARAMS; i++) {
            params.add(Timestamp.from(now));
        }
        for (int i = 0; i < cases.size(); i++) {
            TicketSla s = cases.get(i);
            values.append(i == 0 ? "" : ", ").append("(?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz), CAST(? AS timestamptz), CAST(? AS timestamptz))");
            params.addAll(java.util.Arrays.asList(i, s.state(), ts(s.breachedAt()), ts(s.resolutionDue()), ts(s.responseDue()), ts(s.warnAt())));
        }
        List<String> sql = jdbc.sql("SELECT " + SlaStanding.SQL + " FROM (VALUES " + values
                        + ") AS t(i, sla_state, sla_breached_at, sla_resolution_due, sla_response_due, sla_warn_at) ORDER BY t.i")
                .params(params).query(String.class).list();
        assertThat(sql).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            String badge = cases.get(i).standing(now);
            assertThat(sql.get(i)).as(cases.get(i).toString()).isEqualTo("MET".equals(badge) ? "NONE" : badge);
        }
        assertThat(sql).contains("ON_TRACK", "AT_RISK", "BREACHED", "PAUSED", "NONE");
    }

    /** Null, exactly now, or up to a day either side. */
    private static Instant around(Random random, Instant now) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> now;
            default -> now.plus(Duration.ofMinutes(random.nextInt(2881) - 1440));
        };
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
