package io.steward.server.security.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.compliance.Facts;
import io.steward.server.security.SecurityPlan;
import io.steward.server.security.SecurityPlans;
import io.steward.server.security.SecurityProperties;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.TenantScope;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The security checks as compliance facts ({@link Facts#SECURITY_PREFIX} + check id), one per check some device of the
 * client reports with a pass or fail: passed when every device reporting it passes (a device whose latest result is
 * unknown counts against it: it was not shown to pass). observedAt is the oldest of those devices' latest evaluations,
 * so the fact is never fresher than its stalest device; it expires {@link SecurityProperties#evidencePeriods()} plan
 * periods later, so agents that stop reporting make it stale. A check no device evaluated is left out (not evaluated).
 * Counted per check in the database: at 2,000 devices the client has 18,000 results, and reading them with their evidence
 * was most of the coverage page's time.
 */
@Component
class SecurityEvidence implements EvidenceSource {
    private final ResultRepository results;
    private final SecurityPlans plans;
    private final SecurityProperties properties;

    SecurityEvidence(ResultRepository results, SecurityPlans plans, SecurityProperties properties) {
        this.results = results;
        this.plans = plans;
        this.properties = properties;
    }

    @Override
    public List<String> facts() {
        return SecurityCheckMessages.CHECKS.stream().map(c -> Facts.SECURITY_PREFIX + c).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Evidence> evidence(ClientId client, Instant now) {
        SecurityPlan plan = plans.plan(client);
        Duration valid = Duration.ofMinutes((long) plan.everyMinutes() * properties.evidencePeriods());
        Map<String, ResultRepository.CheckTally> byCheck = new HashMap<>();
        for (ResultRepository.CheckTally t : results.tallies(TenantScope.of(client), client, now)) {
            byCheck.put(t.check(), t);
        }
        List<Evidence> out = new ArrayList<>();
        for (String check : SecurityCheckMessages.CHECKS) {
            ResultRepository.CheckTally t = byCheck.get(check);
            if (t == null || t.known() == 0) {
                continue;
            }
            out.add(new Evidence(Facts.SECURITY_PREFIX + check, t.passing() == t.reporting(), t.oldest(), t.oldest().plus(valid),
                    t.passing() + " of " + t.reporting() + " device(s) pass the " + check + " check",
                    t.notPassing() == null ? "" : "Not passing: " + t.notPassing()));
        }
        return out;
    }
}
