package io.steward.server.compliance.internal;

import java.time.Instant;
import java.util.List;

import io.steward.server.compliance.ComplianceProperties;
import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.compliance.Facts;
import io.steward.server.patching.PatchService;
import io.steward.server.patching.PatchViews;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;

/**
 * {@link Facts#PATCH_COMPLIANCE} from the patching module: passes when every scanned device of the client has no security
 * update older than its policy's deadline. A client with no scanned device has no such fact (not evaluated).
 */
@Component
class PatchingEvidence implements EvidenceSource {
    private final PatchService patches;
    private final ComplianceProperties properties;

    PatchingEvidence(PatchService patches, ComplianceProperties properties) {
        this.patches = patches;
        this.properties = properties;
    }

    @Override
    public List<String> facts() {
        return List.of(Facts.PATCH_COMPLIANCE);
    }

    @Override
    public List<Evidence> evidence(ClientId client, Instant now) {
        List<PatchViews.ClientSummary> list = patches.clients(Viewer.steward(client, "Steward compliance"), client);
        if (list.isEmpty() || list.getFirst().compliance().percent() == null) {
            return List.of();
        }
        PatchViews.ClientSummary s = list.getFirst();
        var c = s.compliance();
        return List.of(new Evidence(Facts.PATCH_COMPLIANCE, c.compliant() == c.scanned(), now, now.plus(properties.evidenceExpiry()),
                c.compliant() + " of " + c.scanned() + " scanned devices have no security update older than " + s.securityDeadlineDays() + " days",
                "devices=" + s.devices() + " scanned=" + c.scanned() + " compliant=" + c.compliant() + " unscanned=" + c.unscanned()
                        + " overdue=" + s.overdue()));
    }
}
