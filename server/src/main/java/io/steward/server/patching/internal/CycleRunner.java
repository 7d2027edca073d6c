package io.steward.server.patching.internal;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.audit.AuditLog;
import io.steward.server.patching.PatchCycle;
import io.steward.server.patching.PatchCycleRun;
import io.steward.server.patching.PatchPolicies;
import io.steward.server.patching.PatchPolicy;
import io.steward.server.patching.PatchingProperties;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ClientStatus;
import io.steward.server.tenancy.ClientSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unattended standard cycles: every {@code steward.patching.cycle-interval} (db-scheduler, one node at a time) Steward
 * starts the cycle of each active client whose cycle day it is in the client's time zone (or was, missed within
 * {@code steward.patching.cycle-catch-up-days}: {@link PatchCycle#due}) and whose policy approves
 * security updates automatically (exactly once per client and day: patch_cycle_run's unique key), then moves every
 * running cycle's rings on ({@link RingSteps}). Updates other than security ones are not installed by Steward: they
 * wait as task drafts for people to request and approve. Each client and each cycle is handled in its own transaction
 * in the one client's scope, so one client's failure does not hold up the others.
 */
@Component
public class CycleRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CycleRunner.class);

    private final CycleRepository repository;
    private final RingSteps steps;
    private final PatchPolicies policies;
    private final ClientService clients;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final PatchingProperties properties;
    private final Clock clock;

    CycleRunner(CycleRepository repository, RingSteps steps, PatchPolicies policies, ClientService clients, AuditLog audit,
                PlatformTransactionManager transactions, PatchingProperties properties, Clock clock) {
        this.properties = properties;
        this.repository = repository;
        this.steps = steps;
        this.policies = policies;
        this.clients = clients;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** What one pass did: cycles started, running cycles looked at. */
    public record Outcome(int started, int advanced) {
    }

    /** One pass at the clock's instant. */
    public Outcome tick() {
        return tick(clock.instant());
    }

    /**
     * One pass as if it were {@code now}: whether today is a client's cycle day and whether a ring's wait is over are
     * decided at {@code now} (the tasks themselves are planned and signed at the real present).
     */
    public Outcome tick(Instant now) {
        List<ClientSummary> all = TenantContext.callAsSystem(() -> tx.execute(status -> clients.summaries(TenantScope.all())));
        int started = 0;
        for (ClientSummary c : all == null ? List.<ClientSummary>of() : all) {
            started += inClient(c.id(), () -> start(c.id(), now)) ? 1 : 0;
        }
        List<PatchCycleRun> running = TenantContext.callAsSystem(() -> tx.execute(status -> repository.running(TenantScope.all())));
        int advanced = 0;
        for (PatchCycleRun c : running == null ? List.<PatchCycleRun>of() : running) {
            advanced += inClient(c.clientId(), () -> advance(c.id(), now)) ? 1 : 0;
        }
        return new Outcome(started, advanced);
    }

    private boolean start(ClientId client, Instant now) {
        Viewer reader = CycleScripts.reader(client);
        Client c = clients.get(reader, client);
        if (c.status() != ClientStatus.ACTIVE) {
            return false;
        }
        PatchPolicy p = policies.get(reader, client);
        if (!"AUTOMATIC".equals(p.securityApproval())) {
            return false;
        }
        ZoneId zone = ZoneId.of(c.timeZone());
        LocalDate day = new PatchCycle(Clock.fixed(now, zone)).due(zone, p.cycleWeek(), DayOfWeek.of(p.cycleWeekday()), p.cycleOffsetDays(),
                properties.cycleCatchUpDays(), p.updatedAt()).orElse(null);
        if (day == null) {
            return false;
        }
        PatchPolicy.Rollout r = p.rollout();
        List<PatchCycleRun.Ring> rings = r.pilotGroupId() == null ? List.of(PatchCycleRun.Ring.pending(0, "ALL"))
                : List.of(PatchCycleRun.Ring.pending(0, "PILOT"), PatchCycleRun.Ring.pending(1, "REST"));
        PatchCycleRun cycle = new PatchCycleRun(UUID.randomUUID(), client, day, "RUNNING", null, r.pilotGroupId(), r.pilotWaitDays(),
                r.ringStopPercent(), r.preScriptId(), r.postScriptId(), false, now, now, null, null, rings);
        if (!repository.insert(cycle)) {
            return false;
        }
        audit.record("patch_cycle.started", "patch_cycle", cycle.id().toString(), client, Map.of("cycleDay", day.toString(),
                "pilotGroup", r.pilotGroupId() == null ? "" : r.pilotGroupId().toString()));
        return true;
    }

    private boolean advance(UUID cycle, Instant now) {
        PatchCycleRun c = repository.lock(cycle).orElse(null);
        if (c == null || !c.running()) {
            return false;
        }
        steps.advance(c, now);
        return true;
    }

    private boolean inClient(ClientId client, Supplier<Boolean> work) {
        try {
            return TenantContext.callAs(TenantScope.of(client), () -> Boolean.TRUE.equals(tx.execute(status -> work.get())));
        } catch (RuntimeException e) {
            // Nothing of this client's pass was kept; the next pass tries again.
            LOG.warn("Patch cycle pass failed for client {}: {}", client, e.toString(), e);
            return false;
        }
    }

    /** The pass on db-scheduler, so that with several nodes one node runs it. */
    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> patchCycleRunner(CycleRunner runner, PatchingProperties properties) {
            return Tasks.recurring("patch-cycles", FixedDelay.of(properties.cycleInterval())).execute((instance, context) -> runner.tick());
        }
    }
}
