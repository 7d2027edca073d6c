package io.steward.server.automation.internal.remediation;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.steward.server.shared.Forget;
import io.steward.server.shared.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alert policies that have a remediation rule, kept for a few seconds: during an alert flood nearly every alert is
 * of a policy without one, and asking the table twice per alert (raised, cleared) held up the batch writer that
 * announces them. A rule added or removed through this node applies at once; through another node within
 * {@link #TTL_NANOS}, and what the listeners missed meanwhile the {@link RemediationSweep} starts or settles.
 */
@Component
public class RulePolicies {
    static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RemediationRepository repository;
    private final TransactionTemplate read;
    private volatile Snapshot snapshot;

    private record Snapshot(Set<UUID> policies, long loadedAt) {
    }

    RulePolicies(RemediationRepository repository, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.read = new TransactionTemplate(transactions);
        this.read.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.read.setReadOnly(true);
    }

    /** Whether a rule may cover alerts of this policy (true when the policy is not known). */
    boolean mayCover(UUID policyId) {
        if (policyId == null) {
            return true;
        }
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.loadedAt() > TTL_NANOS) {
            long at = System.nanoTime();
            Set<UUID> policies = TenantContext.callAsSystem(() -> read.execute(status -> Set.copyOf(repository.rulePolicies().keySet())));
            s = new Snapshot(policies, at);
            snapshot = s;
        }
        return s.policies().contains(policyId);
    }

    /** A rule was added or removed: read them again. */
    public void forget() {
        Forget.nowAndAfterTransaction(() -> snapshot = null);
    }
}
