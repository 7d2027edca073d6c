package io.steward.server.automation.internal.signer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.steward.protocol.task.KeyringEntrySpec;
import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.SignerMessages;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.SignerHost;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.identity.UserAccount;
import io.steward.server.identity.UserDirectory;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;

/**
 * What the signer page and API show and do: the signer's status (or why it cannot be reached), the staff passkeys
 * it could be asked to trust, and forwarding an endorsement (a trusted approver's assertion over a keyring entry) to
 * the signer, which alone decides. MSP admins and service managers only; every endorsement is audited before it is
 * forwarded, and a refusal is audited with the signer's reason.
 */
@Service
public class SignerKeyring {
    private static final Role[] ROLES = {Role.MSP_ADMIN, Role.SERVICE_MANAGER};

    private final SignerGateway signer;
    private final SignerHost host;
    private final AuditLog audit;
    private final UserDirectory users;
    private final ObjectProvider<PasskeyDirectory> passkeys;
    private final TransactionTemplate tx;
    private final Clock clock;

    SignerKeyring(SignerGateway signer, SignerHost host, AuditLog audit, UserDirectory users, ObjectProvider<PasskeyDirectory> passkeys,
                  PlatformTransactionManager transactions, Clock clock) {
        this.signer = signer;
        this.host = host;
        this.audit = audit;
        this.users = users;
        this.passkeys = passkeys;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The signer as the page shows it: status when reachable, else the reason; whether its host is this one. */
    public record Overview(boolean reachable, SignerMessages.Status status, String problem, boolean local) {
    }

    /** A staff passkey the viewer could endorse, with the entry (and so the challenge) they would sign. */
    public record Candidate(String personName, String label, KeyringEntrySpec entry, boolean trusted) {
    }

    /** An endorsement as the page's form or the API sends it: the entry's fields and the endorser's assertion. */
    public record Endorsement(UUID personId, String displayName, String credentialId, String publicKeyCose, boolean approver, long at,
                              PasskeyAssertion assertion) {
    }

    public Overview overview(Viewer viewer) {
        require(viewer);
        try {
            return new Overview(true, signer.status(), null, host.local());
        } catch (SignerGateway.Unavailable e) {
            return new Overview(false, null, e.getMessage(), host.local());
        }
    }

    /**
     * Staff passkeys registered in Steward, each with the keyring entry the viewer would sign to endorse it, always as a
     * requester: approvers join only on the signer's host. Listing staff is an MSP admin's right; others get an empty list.
     */
    public List<Candidate> candidates(Viewer viewer, SignerMessages.Status status) {
        require(viewer);
        PasskeyDirectory directory = passkeys.getIfAvailable();
        if (directory == null || !viewer.hasRole(Role.MSP_ADMIN)) {
            return List.of();
        }
        List<String> trusted = status == null ? List.of() : status.keyring().stream().map(SignerMessages.TrustedPasskey::credentialId).toList();
        Instant at = clock.instant();
        List<Candidate> out = new ArrayList<>();
        for (UserAccount u : users.list(viewer, null, PageQuery.of(0, PageQuery.MAX_SIZE, "displayName", Map.of("displayName", "lower(display_name)"), "displayName")).items()) {
            if (!u.role().isStaff() || !u.enabled()) {
                continue;
            }
            for (PasskeyDirectory.Passkey p : directory.passkeysOf(u.id())) {
                KeyringEntrySpec entry = new KeyringEntrySpec(u.id().value(), u.displayName(), p.credentialId(), p.publicKeyCose(),
                        false, viewer.userId().value(), at);
                out.add(new Candidate(u.displayName(), p.label(), entry, trusted.contains(p.credentialId())));
            }
        }
        return out;
    }

    /** Forwards the endorsement; the signer refuses anything but a trusted approver's valid assertion. */
    public void endorse(Viewer viewer, Endorsement e) {
        viewer.requireWriter(ROLES);
        // The signer refuses it too; saying so here gives the reason before anyone signs anything.
        if (e.approver()) {
            throw new ForbiddenException(APPROVERS_ON_HOST);
        }
        if (e.personId() != null && e.personId().equals(viewer.userId().value())) {
            throw new ForbiddenException("You cannot endorse a passkey of your own: another approver must endorse it.");
        }
        KeyringEntrySpec entry = new KeyringEntrySpec(e.personId(), e.displayName(), e.credentialId(), e.publicKeyCose(), e.approver(),
                viewer.userId().value(), Instant.ofEpochSecond(e.at()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("person", e.personId());
        details.put("name", e.displayName());
        details.put("credential", e.credentialId());
        details.put("approver", e.approver());
        tx.executeWithoutResult(s -> audit.record("signer.keyring.endorse", "signer_keyring", e.credentialId(), null, details));
        try {
            signer.trust(entry, e.assertion());
        } catch (SignerGateway.Refused r) {
            details.put("reason", r.getMessage());
            tx.executeWithoutResult(s -> audit.record("signer.keyring.refused", "signer_keyring", e.credentialId(), null, details));
            throw r;
        }
    }

    /** Why an endorsement cannot make an approver: one approver could otherwise mint a second and approve alone. */
    public static final String APPROVERS_ON_HOST = "An endorsement adds a requester only: approvers are trusted only on the signer's own host "
            + "(steward-signer trust add ... --approver), so that one approver cannot create a second approver identity and defeat the "
            + "two-person rule.";

    private static void require(Viewer viewer) {
        if (!viewer.hasRole(ROLES)) {
            throw new ForbiddenException("Only MSP admins and service managers see the task signer.");
        }
    }
}
