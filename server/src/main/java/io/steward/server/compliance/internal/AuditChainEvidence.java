package io.steward.server.compliance.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.steward.server.audit.AuditLog;
import io.steward.server.compliance.ComplianceProperties;
import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.compliance.Facts;
import io.steward.server.shared.ClientId;
import org.springframework.stereotype.Component;

/**
 * {@link Facts#AUDIT_LOG_INTACT} from the audit module: the whole log's hash chain verifies (one chain for all clients,
 * so the same fact for each). The check reads every entry, so its outcome is kept for {@link #KEEP} and shared by all
 * clients' coverage within that time.
 */
@Component
class AuditChainEvidence implements EvidenceSource {
    static final Duration KEEP = Duration.ofMinutes(10);

    private final AuditLog audit;
    private final ComplianceProperties properties;
    private final AtomicReference<Checked> last = new AtomicReference<>();

    AuditChainEvidence(AuditLog audit, ComplianceProperties properties) {
        this.audit = audit;
        this.properties = properties;
    }

    private record Checked(Instant at, AuditLog.ChainVerification result) {
    }

    @Override
    public List<String> facts() {
        return List.of(Facts.AUDIT_LOG_INTACT);
    }

    @Override
    public List<Evidence> evidence(ClientId client, Instant now) {
        Checked c = last.get();
        if (c == null || c.at().isAfter(now) || !c.at().plus(KEEP).isAfter(now)) {
            c = new Checked(now, audit.verify());
            last.set(c);
        }
        AuditLog.ChainVerification v = c.result();
        return List.of(new Evidence(Facts.AUDIT_LOG_INTACT, v.intact(), c.at(), c.at().plus(properties.evidenceExpiry()), v.message(),
                "entries=" + v.entries() + (v.brokenAt() == null ? "" : " brokenAt=" + v.brokenAt())));
    }
}
