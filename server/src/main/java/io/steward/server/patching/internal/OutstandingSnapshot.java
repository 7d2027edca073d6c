package io.steward.server.patching.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.patching.PatchingProperties;
import io.steward.server.patching.PolicyBook;
import io.steward.server.patching.PolicyOverrides;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the fleet-wide outstanding updates (patch_outstanding) close to the update rows: the sweep recomputes every
 * client whose devices sent scans since its last refresh, and a fleet-wide read first computes the clients it finds
 * never computed. Each client is recomputed in a transaction of its own, as that client.
 */
@Component
public class OutstandingSnapshot {
    /** A scan's transaction can still be open when a refresh reads; a scan received this long before a refresh counts again. */
    static final Duration MARGIN = Duration.ofMinutes(2);
    /** Site and group membership changes reach the kept groups at least this often. */
    static final Duration MAX_AGE = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(OutstandingSnapshot.class);

    private final OutstandingRepository repository;
    private final PolicyOverrides overrides;
    private final TransactionTemplate tx;
    private final Clock clock;

    OutstandingSnapshot(OutstandingRepository repository, PolicyOverrides overrides, PlatformTransactionManager transactions,
                        Clock clock) {
        this.repository = repository;
        this.overrides = overrides;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** One sweep: recomputes every client that may be out of date. Returns how many were. */
    public int refreshStale() {
        Instant now = clock.instant();
        List<ClientId> stale = TenantContext.callAsSystem(() -> tx.execute(s -> repository.stale(TenantScope.all(), now, MARGIN, MAX_AGE)));
        return refresh(stale == null ? List.of() : stale);
    }

    /** Computes the clients in scope that never were, so a fleet-wide list misses none. */
    public void ensure(TenantScope scope) {
        List<ClientId> missing = repository.neverComputed(scope);
        if (!missing.isEmpty()) {
            refresh(missing);
        }
    }

    private int refresh(List<ClientId> clients) {
        int done = 0;
        for (ClientId client : clients) {
            try {
                TenantContext.callAs(TenantScope.of(client), () -> tx.execute(s -> {
                    recompute(client);
                    return null;
                }));
                done++;
            } catch (RuntimeException e) {
                // One client's trouble must not keep the others out of date; it is tried again on the next sweep.
                LOG.warn("Outstanding updates of client {} were not recomputed: {}", client, e.toString(), e);
            }
        }
        return done;
    }

    private void recompute(ClientId client) {
        Instant refreshedAt = clock.instant();
        PolicyBook book = overrides.book(Viewer.steward(client, "Steward (patch lists)"), client);
        int clientDays = book.client(client).securityDeadlineDays();
        Map<DeviceId, Integer> deviceDays = new HashMap<>();
        book.differing().forEach((d, p) -> {
            if (p.securityDeadlineDays() != clientDays) {
                deviceDays.put(d, p.securityDeadlineDays());
            }
        });
        repository.recompute(client, clientDays, deviceDays, refreshedAt);
    }

    /** The sweep on db-scheduler, every {@code steward.patching.outstanding-refresh}. */
    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> patchOutstandingRefresh(OutstandingSnapshot snapshot, PatchingProperties properties) {
            return Tasks.recurring("patch-outstanding-refresh", FixedDelay.of(properties.outstandingRefresh()))
                    .execute((instance, context) -> snapshot.refreshStale());
        }
    }
}
