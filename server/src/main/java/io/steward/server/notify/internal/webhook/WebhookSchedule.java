package io.steward.server.notify.internal.webhook;

import java.time.Clock;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.notify.NotifyProperties;
import io.steward.server.platform.SecretBox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.ObjectMapper;

/**
 * The delivery pass on db-scheduler: one node runs each execution, and the lease on claimed rows keeps two passes (after
 * a missed heartbeat) from sending the same delivery at once.
 */
@Configuration(proxyBeanMethods = false)
class WebhookSchedule {

    @Bean
    WebhookBodies webhookBodies(ObjectMapper json) {
        return new WebhookBodies(json);
    }

    @Bean(destroyMethod = "close")
    WebhookDispatcher webhookDispatcher(DeliveryRepository deliveries, EndpointRepository endpoints, SecretBox secrets, WebhookBodies bodies,
                                        NotifyProperties properties, PlatformTransactionManager transactions, Clock clock) {
        return new WebhookDispatcher(deliveries, endpoints, secrets, bodies, properties.webhooks(), transactions, clock);
    }

    @Bean
    RecurringTask<Void> webhookDeliveries(WebhookDispatcher dispatcher, NotifyProperties properties) {
        return Tasks.recurring("webhook-deliveries", FixedDelay.of(properties.webhooks().interval()))
                .execute((instance, context) -> dispatcher.runDue());
    }
}
