package io.steward.server.servicedesk.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.servicedesk.ServiceDeskProperties;
import io.steward.server.servicedesk.TicketService;
import io.steward.server.shared.TenantContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The service desk's recurring work on db-scheduler, so that with several nodes exactly one runs
 * each execution: announcing SLA warnings and breaches, and closing long-resolved tickets.
 */
@Configuration(proxyBeanMethods = false)
class ServiceDeskSchedule {

    @Bean
    RecurringTask<Void> slaWatch(TicketService tickets, ServiceDeskProperties properties) {
        return Tasks.recurring("sla-watch", FixedDelay.of(properties.slaCheckInterval()))
                .execute((instance, context) -> TenantContext.runAsSystem(tickets::announceSlaMoments));
    }

    @Bean
    RecurringTask<Void> autoClose(TicketService tickets) {
        return Tasks.recurring("ticket-auto-close", FixedDelay.of(Duration.ofMinutes(5)))
                .execute((instance, context) -> TenantContext.runAsSystem(tickets::closeLongResolved));
    }
}
