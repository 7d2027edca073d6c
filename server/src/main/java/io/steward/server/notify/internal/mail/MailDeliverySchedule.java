package io.steward.server.notify.internal.mail;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.notify.NotifyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs {@link MailDelivery} on db-scheduler: one node at a time runs the recurring task; rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} under a lease, so even two passes at once (a node judged dead that was only slow)
 * never send one row twice while its lease holds.
 */
@Configuration(proxyBeanMethods = false)
class MailDeliverySchedule {
    @Bean
    RecurringTask<Void> mailOutboxDelivery(MailDelivery delivery, NotifyProperties properties) {
        return Tasks.recurring("mail-outbox", FixedDelay.of(properties.smtp().pollInterval()))
                .execute((instance, context) -> delivery.runDue());
    }
}
