package io.steward.server.backup.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.backup.BackupProperties;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The backup sweep on db-scheduler (one node at a time): per client with jobs, in its own transaction and scope, judges
 * every job as of now (a job whose agent stopped reporting ages into a breach here, not only on a report), then
 * prepares the restore tests that are due. One client's trouble does not stop the others.
 */
@Component
public class BackupSweep {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSweep.class);

    private final JobRepository jobs;
    private final Breaches breaches;
    private final RestorePlanner planner;
    private final TransactionTemplate tx;
    private final Clock clock;

    BackupSweep(JobRepository jobs, Breaches breaches, RestorePlanner planner, PlatformTransactionManager transactions, Clock clock) {
        this.jobs = jobs;
        this.breaches = breaches;
        this.planner = planner;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** What one pass did. */
    public record Outcome(int clients, int breaching, int testsStarted) {
    }

    public Outcome sweep() {
        return sweep(clock.instant(), null);
    }

    /** One pass as at {@code now}, over every client with jobs, or only {@code only} (tests drive their own client). */
    public Outcome sweep(Instant now, ClientId only) {
        List<ClientId> clients = only != null ? List.of(only) : TenantContext.callAsSystem(() -> tx.execute(status -> jobs.clientsWithJobs()));
        int breaching = 0;
        int started = 0;
        for (ClientId client : clients == null ? List.<ClientId>of() : clients) {
            try {
                Integer b = TenantContext.callAs(TenantScope.of(client), () -> tx.execute(status -> breaches.judgeClient(client, now)));
                breaching += b == null ? 0 : b;
                RestorePlanner.Outcome o = TenantContext.callAs(TenantScope.of(client), () -> tx.execute(status -> planner.plan(client, now)));
                started += o == null ? 0 : o.started();
            } catch (RuntimeException e) {
                LOG.warn("Backup sweep failed for client {}: {}", client, e.toString(), e);
            }
        }
        return new Outcome(clients == null ? 0 : clients.size(), breaching, started);
    }

    /** The sweep every {@code steward.backup.sweep-interval}. */
    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> backupSweepTask(BackupSweep sweep, BackupProperties properties) {
            return Tasks.recurring("backup-sweep", FixedDelay.of(properties.sweepInterval())).execute((instance, context) -> sweep.sweep());
        }
    }
}
