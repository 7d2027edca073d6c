package io.steward.server.alerting.internal;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.alerting.AlertService;
import io.steward.server.devices.DevicesProperties;
import io.steward.server.shared.TenantContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Looks for silent devices on db-scheduler, so that with several nodes one node raises each offline alert. */
@Configuration(proxyBeanMethods = false)
class AlertingSchedule {

    @Bean
    RecurringTask<Void> offlineWatch(AlertService alerts, DevicesProperties devices) {
        Duration silence = Duration.ofSeconds(3L * devices.heartbeatSeconds());
        return Tasks.recurring("offline-watch", FixedDelay.of(Duration.ofSeconds(Math.max(5, devices.heartbeatSeconds() / 2))))
                .execute((instance, context) -> TenantContext.runAsSystem(() -> alerts.sweepOffline(silence)));
    }

    /** Once a day, after midnight UTC when yesterday's highs are complete. */
    @Bean
    RecurringTask<Void> diskForecast(DiskForecaster forecaster) {
        return Tasks.recurring("disk-forecast", new com.github.kagkarlsson.scheduler.task.schedule.Daily(java.time.LocalTime.of(0, 30)))
                .execute((instance, context) -> TenantContext.runAsSystem(forecaster::run));
    }
}
