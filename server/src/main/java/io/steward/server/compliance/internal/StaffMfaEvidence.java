package io.steward.server.compliance.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.steward.server.compliance.ComplianceProperties;
import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.compliance.Facts;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.identity.UserAccount;
import io.steward.server.identity.UserDirectory;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;

/**
 * {@link Facts#STAFF_MFA} from the identity module: every enabled staff user who can see the client (not limited to
 * other clients) has a second factor, TOTP or a passkey. Fails naming those without one.
 */
@Component
class StaffMfaEvidence implements EvidenceSource {
    private final UserDirectory users;
    private final PasskeyDirectory passkeys;
    private final ComplianceProperties properties;

    StaffMfaEvidence(UserDirectory users, PasskeyDirectory passkeys, ComplianceProperties properties) {
        this.users = users;
        this.passkeys = passkeys;
        this.properties = properties;
    }

    @Override
    public List<String> facts() {
        return List.of(Facts.STAFF_MFA);
    }

    @Override
    public List<Evidence> evidence(ClientId client, Instant now) {
        Viewer reader = Viewer.steward(client, "Steward compliance");
        List<String> without = new ArrayList<>();
        int staff = 0;
        for (int page = 0; page < 100; page++) {
            Page<UserAccount> p = users.list(reader, null, PageQuery.of(page, PageQuery.MAX_SIZE, "email", Map.of("email", "email"), "email"));
            for (UserAccount u : p.items()) {
                if (!u.role().isStaff() || !u.enabled() || (u.scopeRestricted() && !u.clientScope().contains(client))) {
                    continue;
                }
                staff++;
                if (!u.mfaEnabled() && passkeys.passkeysOf(u.id()).isEmpty()) {
                    without.add(u.email());
                }
            }
            if ((long) (page + 1) * PageQuery.MAX_SIZE >= p.total()) {
                break;
            }
        }
        if (staff == 0) {
            return List.of();
        }
        String summary = without.isEmpty() ? "All " + staff + " staff users who can see the client sign in with a second factor"
                : without.size() + " of " + staff + " staff users who can see the client have no second factor";
        return List.of(new Evidence(Facts.STAFF_MFA, without.isEmpty(), now, now.plus(properties.evidenceExpiry()), summary,
                without.isEmpty() ? "staff=" + staff : "without a second factor: " + String.join(", ", without)));
    }
}
