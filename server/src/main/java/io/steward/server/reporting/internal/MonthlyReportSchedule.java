package io.steward.server.reporting.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.reporting.MonthlyReportService;
import io.steward.server.reporting.ReportingProperties;
import io.steward.server.shared.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stores every active client's report for the previous month once the configured day and hour of the month have
 * come in the client's zone, on db-scheduler (one node runs each pass). A pass that finds a month already stored
 * skips it, so passes after downtime catch up and repeated passes do nothing.
 */
@Configuration(proxyBeanMethods = false)
public class MonthlyReportSchedule {
    private static final Logger log = LoggerFactory.getLogger(MonthlyReportSchedule.class);

    @Bean
    RecurringTask<Void> monthlyReports(MonthlyReportScheduler scheduler, ReportingProperties properties) {
        return Tasks.recurring("monthly-reports", FixedDelay.of(properties.scheduleInterval()))
                .execute((instance, context) -> scheduler.runDue());
    }

    /** One pass of the schedule; public so that a test can run a pass at a chosen instant. */
    @org.springframework.stereotype.Component
    public static class MonthlyReportScheduler {
        private final MonthlyReportService reports;
        private final StoredReports stored;
        private final ReportingProperties properties;
        private final Clock clock;

        public MonthlyReportScheduler(MonthlyReportService reports, StoredReports stored, ReportingProperties properties, Clock clock) {
            this.reports = reports;
            this.stored = stored;
            this.properties = properties;
            this.clock = clock;
        }

        /** Stores what is due now; answers how many reports were stored. */
        public int runDue() {
            if (!properties.scheduleEnabled()) {
                return 0;
            }
            Instant now = clock.instant();
            int count = 0;
            for (StoredReports.ActiveClient c : TenantContext.callAsSystem(stored::activeClients)) {
                YearMonth month = dueMonth(now, ZoneId.of(c.timeZone()), properties.scheduleDay(), properties.scheduleHour());
                if (month == null || !c.createdAt().isBefore(month.plusMonths(1).atDay(1).atStartOfDay(ZoneId.of(c.timeZone())).toInstant())) {
                    continue;
                }
                try {
                    if (TenantContext.callAsSystem(() -> reports.store(MonthlyReportService.SCHEDULER, c.id(), month.toString()))) {
                        count++;
                    }
                } catch (RuntimeException e) {
                    // One client's failure must not keep the others from their reports; the next pass retries.
                    log.error("Monthly report {} of client {} failed", month, c.id(), e);
                }
            }
            return count;
        }

        /** The month to store at {@code now}: the previous month once the day and hour have come in the zone, else none (null). */
        public static YearMonth dueMonth(Instant now, ZoneId zone, int day, int hour) {
            ZonedDateTime local = now.atZone(zone);
            YearMonth current = YearMonth.from(local);
            ZonedDateTime due = current.atDay(day).atTime(hour, 0).atZone(zone);
            return local.isBefore(due) ? null : current.minusMonths(1);
        }
    }
}
