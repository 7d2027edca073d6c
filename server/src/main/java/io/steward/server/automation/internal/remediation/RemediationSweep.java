package io.steward.server.automation.internal.remediation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.steward.server.alerting.AutomationAlerting;
import io.steward.server.automation.AutomationProperties;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.TenantContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Does what {@link AlertRemediations}' listeners would have done when one of their events was lost (the server stopped
 * between the commit and the listener, or the listener's work failed and rolled back, e.g. the signer was unreachable):
 * starts remediation on announced open alerts of a rule's policy that have none, acts on remediation runs that finished
 * unheard, and resolves the incident as remediated when a remediated alert cleared unheard.
 *
 * <p>A recurring db-scheduler task rather than a durable event log: the alert, the run and remediation_alert are the
 * durable state already, so comparing them finds every lost event without storing the events a second time, and
 * db-scheduler runs it on one node at a time. Each alert is handled in its own transaction by the same code as the
 * listener, which stays idempotent against it (see {@link AlertRemediations}). It looks only at what is older than
 * {@link #GRACE}, so that it does not race the listener of a commit that just happened, and only within the catch-up
 * window.
 */
@Component
public class RemediationSweep {
    /** Time the listeners get before the sweep takes over: they run right after the commit. */
    static final Duration GRACE = Duration.ofMinutes(1);
    private static final int PAGE = 500;
    private static final int MAX_PAGES = 20;
    private static final int MAX_TRIES = 100;
    private static final int MAX_SETTLES = 1000;

    private final RemediationRepository repository;
    private final AlertRemediations remediations;
    private final AutomationAlerting alerting;
    private final AutomationProperties properties;
    private final TransactionTemplate read;
    private final Clock clock;

    RemediationSweep(RemediationRepository repository, AlertRemediations remediations, AutomationAlerting alerting, AutomationProperties properties,
                     PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.remediations = remediations;
        this.alerting = alerting;
        this.properties = properties;
        this.read = new TransactionTemplate(transactions);
        this.read.setReadOnly(true);
        this.clock = clock;
    }

    /** What one pass did: remediations started, and finished runs or cleared alerts acted on. */
    public record Outcome(int started, int settled) {
    }

    /** One pass over every client (system scope); at most a bounded number of alerts each time, oldest first. */
    public Outcome sweep() {
        return TenantContext.callAsSystem(() -> {
            Instant now = clock.instant();
            Instant since = now.minus(properties.remediation().catchUp());
            return new Outcome(startMissed(since, now.minus(GRACE)), settleMissed(since, now.minus(GRACE)));
        });
    }

    /** Announced open alerts of a rule's policy, opened after the rule existed, that remediation never started on. */
    private int startMissed(Instant since, Instant before) {
        Map<UUID, Instant> rules = read.execute(status -> repository.rulePolicies());
        if (rules == null || rules.isEmpty()) {
            return 0;
        }
        int tried = 0;
        int started = 0;
        AutomationAlerting.AnnouncedAlert after = null;
        for (int page = 0; page < MAX_PAGES && tried < MAX_TRIES; page++) {
            AutomationAlerting.AnnouncedAlert cursor = after;
            List<AutomationAlerting.AnnouncedAlert> open = alerting.announcedOpen(rules.keySet(), since, before, cursor, PAGE);
            Set<UUID> known = read.execute(status -> repository.known(open.stream().map(AutomationAlerting.AnnouncedAlert::id).toList()));
            for (AutomationAlerting.AnnouncedAlert a : open) {
                Instant ruleSince = rules.get(a.policyId());
                if (tried < MAX_TRIES && !known.contains(a.id()) && ruleSince != null && !a.openedAt().isBefore(ruleSince)) {
                    // Counted whether or not it started: with the signer down every try fails, and the pass must still end soon.
                    tried++;
                    started += remediations.catchUpRaised(a.clientId(), a.id(), a.deviceId()) ? 1 : 0;
                }
            }
            if (open.size() < PAGE) {
                break;
            }
            after = open.getLast();
        }
        return started;
    }

    /** Finished runs not acted on, then remediated alerts whose clearing was not heard. */
    private int settleMissed(Instant since, Instant before) {
        List<RemediationRepository.Unsettled> pending = read.execute(status -> repository.unsettled(since, before, MAX_SETTLES));
        if (pending == null || pending.isEmpty()) {
            return 0;
        }
        Map<UUID, AutomationAlerting.Resolution> resolved = alerting.resolved(pending.stream().map(RemediationRepository.Unsettled::alertId).toList())
                .stream().filter(r -> !r.resolvedAt().isAfter(before))
                .collect(Collectors.toMap(AutomationAlerting.Resolution::id, Function.identity()));
        int settled = 0;
        for (RemediationRepository.Unsettled u : pending) {
            boolean acted = false;
            if (u.runState() != null) {
                acted = remediations.catchUpFinished(u.clientId(), u.lastTaskId(), new DeviceId(u.deviceId()), u.runState());
            }
            AutomationAlerting.Resolution cleared = resolved.get(u.alertId());
            if (cleared != null) {
                acted |= remediations.catchUpCleared(u.clientId(), u.alertId(), cleared.ticketId());
            }
            settled += acted ? 1 : 0;
        }
        return settled;
    }

    /** The sweep on db-scheduler, so that with several nodes one node runs each pass. */
    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> remediationCatchUp(RemediationSweep sweep, AutomationProperties properties) {
            return Tasks.recurring("remediation-catch-up", FixedDelay.of(properties.remediation().sweepInterval()))
                    .execute((instance, context) -> sweep.sweep());
        }
    }
}
