package io.steward.server.compliance.internal;

import java.util.List;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.compliance.ComplianceFindings;
import io.steward.server.compliance.ComplianceProperties;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ClientSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code steward.compliance.finding-interval} (db-scheduler, one node at a time) each client's failing
 * controls become findings and passing ones close theirs ({@link ComplianceFindings#reconcile}), each client in its own
 * scope, so one client's failure does not hold up the others.
 */
@Component
class FindingSweep {
    private static final Logger LOG = LoggerFactory.getLogger(FindingSweep.class);

    private final ComplianceFindings findings;
    private final ClientService clients;
    private final TransactionTemplate tx;

    FindingSweep(ComplianceFindings findings, ClientService clients, PlatformTransactionManager transactions) {
        this.findings = findings;
        this.clients = clients;
        this.tx = new TransactionTemplate(transactions);
    }

    void sweep() {
        List<ClientSummary> all = TenantContext.callAsSystem(() -> tx.execute(status -> clients.summaries(TenantScope.all())));
        for (ClientSummary c : all == null ? List.<ClientSummary>of() : all) {
            try {
                TenantContext.runAs(TenantScope.of(c.id()), () -> findings.reconcile(Viewer.stewardFor(c.id(), new UserId(new UUID(0, 0)),
                        "Steward"), c.id()));
            } catch (RuntimeException e) {
                LOG.warn("Compliance finding sweep failed for client {}: {}", c.id(), e.toString(), e);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {
        @Bean
        RecurringTask<Void> complianceFindingSweep(FindingSweep sweep, ComplianceProperties properties) {
            return Tasks.recurring("compliance-findings", FixedDelay.of(properties.findingInterval())).execute((instance, context) -> sweep.sweep());
        }
    }
}
