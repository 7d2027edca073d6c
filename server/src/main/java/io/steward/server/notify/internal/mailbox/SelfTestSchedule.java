package io.steward.server.notify.internal.mailbox;

import java.time.Clock;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.notify.NotifyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The mailboxes' self-test and OAuth expiry check, on db-scheduler so that one node runs each pass. */
@Configuration(proxyBeanMethods = false)
class SelfTestSchedule {

    @Bean
    RecurringTask<Void> mailboxSelfTest(SelfTests selfTests, NotifyProperties properties, Clock clock) {
        return Tasks.recurring("mailbox-self-test", FixedDelay.of(properties.inbound().selfTestCheck()))
                .execute((instance, context) -> selfTests.runDue(clock.instant()));
    }
}
