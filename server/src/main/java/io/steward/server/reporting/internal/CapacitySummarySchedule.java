package io.steward.server.reporting.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.reporting.ReportingProperties;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps each active client's monthly capacity sums ({@code capacity_month}, see migration V64) up to the last complete
 * hour less the configured lag, for the running month and the one before (whose last hours complete after it ends),
 * on db-scheduler so that one node does each pass.
 */
@Configuration(proxyBeanMethods = false)
public class CapacitySummarySchedule {

    @Bean
    RecurringTask<Void> capacityMonth(CapacityFolder folder, ReportingProperties properties) {
        return Tasks.recurring("capacity-month", FixedDelay.of(properties.capacityInterval()))
                .execute((instance, context) -> folder.runDue());
    }

    /** One pass; public so that tests and the report benchmark's seed can bring the sums up to date at once. */
    @Component
    public static class CapacityFolder {
        private static final Logger log = LoggerFactory.getLogger(CapacityFolder.class);
        private final JdbcClient jdbc;
        private final StoredReports clients;
        private final ReportingProperties properties;
        private final Clock clock;

        public CapacityFolder(JdbcClient jdbc, StoredReports clients, ReportingProperties properties, Clock clock) {
            this.jdbc = jdbc;
            this.clients = clients;
            this.properties = properties;
            this.clock = clock;
        }

        /** Adds the hours that are due for every active client; answers how many client-months were brought up to date. */
        public int runDue() {
            Instant upto = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(properties.capacityLag());
            int count = 0;
            for (StoredReports.ActiveClient c : TenantContext.callAsSystem(clients::activeClients)) {
                ZoneId zone = ZoneId.of(c.timeZone());
                YearMonth current = YearMonth.from(upto.atZone(zone));
                for (YearMonth month : new YearMonth[] {current.minusMonths(1), current}) {
                    try {
                        TenantContext.callAsSystem(() -> fold(c.id(), month, zone, upto));
                        count++;
                    } catch (RuntimeException e) {
                        // One client's failure must not hold the others back; the next pass starts from its mark again.
                        log.error("Capacity sums of client {} for {} failed", c.id(), month, e);
                    }
                }
            }
            return count;
        }

        /** Adds the client's hours of {@code month} (in {@code zone}) before {@code upto} that are not summed yet; call as system. */
        public Void fold(ClientId client, YearMonth month, ZoneId zone, Instant upto) {
            jdbc.sql("SELECT steward_capacity_fold(?, ?, ?, ?, ?)")
                    .params(client.value(), month.atDay(1), Timestamp.from(month.atDay(1).atStartOfDay(zone).toInstant()),
                            Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant()), Timestamp.from(upto))
                    .query((rs, n) -> 1).list();
            return null;
        }
    }
}
