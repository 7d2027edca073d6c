package io.steward.server.automation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.server.audit.AuditLog;
import io.steward.server.automation.ScriptCatalog.ParameterDefinition;
import io.steward.server.automation.ScriptCatalog.ParameterType;
import io.steward.server.automation.ScriptCatalog.ScriptVersion;
import io.steward.server.automation.internal.library.ParameterValues;
import io.steward.server.automation.internal.library.ScriptRepository;
import io.steward.server.automation.internal.library.StandardChangeRepository;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.identity.PasskeyDirectory;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Standard (pre-approved) changes: the one bounded exception to "two people approve every task". A service manager or
 * admin requests one for a script version (allowed values per parameter, a scope, an expiry, a largest timeout) and
 * signs its statement with their passkey; ANOTHER service manager or admin approves it with theirs; the server then
 * hands both assertions to the signer, which verifies them against its own keyring and, if it agrees, holds the
 * change itself. Only then is it ACTIVE. A compromised server could run only such a script version, with those
 * values, inside that scope, within the signer's limits.
 * The server's own check of each assertion ({@link PasskeyDirectory#verify}) gives a clear message early; the signer
 * checks again and alone decides.
 */
@Service
public class StandardChanges {
    /** Who may request, approve and revoke standard changes. */
    public static final Permission DECIDERS = Permission.of(Role.MSP_ADMIN, Role.SERVICE_MANAGER);
    /** The longest a standard change may last. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);

    private final StandardChangeRepository changes;
    private final ScriptRepository scripts;
    private final ObjectProvider<PasskeyDirectory> passkeys;
    private final ObjectProvider<SignerGateway> signer;
    private final ObjectProvider<SigningPage> signingPage;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * The passkey directory (identity) and the signer's gateway are taken as providers so the library works on a
     * server where either is not wired yet; every signing step then refuses with a clear reason instead.
     */
    public StandardChanges(StandardChangeRepository changes, ScriptRepository scripts, ObjectProvider<PasskeyDirectory> passkeys,
                           ObjectProvider<SignerGateway> signer, ObjectProvider<SigningPage> signingPage,
                           ClientService clients, AuditLog audit, Clock clock) {
        this.signingPage = signingPage;
        this.changes = changes;
        this.scripts = scripts;
        this.passkeys = passkeys;
        this.signer = signer;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /** The statement a draft makes, with the challenge the requester's passkey signs. */
    public record Prepared(StandardChangeSpec spec, String challenge) {
    }

    /** Checks a draft and returns the statement to sign (a new id when the draft has none). Nothing is stored. */
    @Transactional(readOnly = true)
    public Prepared prepare(Viewer viewer, UUID versionId, StandardChangeDraft draft) {
        DECIDERS.require(viewer);
        StandardChangeSpec spec = spec(viewer, usableVersion(versionId), draft);
        return new Prepared(spec, spec.challenge());
    }

    /** Stores the request with the requester's assertion over the statement's digest; it then waits for another person. */
    @Transactional
    public StandardChangeView request(Viewer viewer, UUID versionId, StandardChangeDraft draft, PasskeyAssertion assertion) {
        DECIDERS.require(viewer);
        if (draft.id() == null) {
            throw new InvalidInputException("id", "Prepare the statement first: its id is part of what you sign.");
        }
        StandardChangeSpec spec = spec(viewer, usableVersion(versionId), draft);
        verify(viewer.userId(), spec.digest(), assertion);
        audit.record("standard_change.requested", "standard_change", spec.id().toString(), client(spec), describe(spec));
        Instant now = clock.instant();
        try {
            changes.insert(versionId, spec, now);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new ConflictException("id", "This statement was requested already.");
        }
        changes.insertAssertion(spec.id(), "REQUEST", viewer.userId().value(), assertion, now);
        return get(viewer, spec.id());
    }

    /**
     * Another person approves with their passkey; the server forwards both assertions to the signer. ACTIVE when the
     * signer adopted it; otherwise it keeps waiting, with the signer's reason.
     */
    @Transactional(noRollbackFor = ForbiddenException.class) // a refused self-approval stays in the audit log; nothing else was written
    public StandardChangeView approve(Viewer viewer, UUID id, PasskeyAssertion assertion) {
        DECIDERS.require(viewer);
        StandardChangeRepository.Row row = row(viewer, id);
        changes.lock(id);
        row = row(viewer, id);
        if (!"AWAITING_APPROVAL".equals(row.state())) {
            throw new ConflictException("This standard change is " + row.state().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + "; only a waiting one can be approved.");
        }
        if (!row.notAfter().isAfter(clock.instant())) {
            throw new ConflictException("This standard change has expired.");
        }
        if (row.requestedBy().equals(viewer.userId().value())) {
            audit.record("standard_change.self_approval_refused", "standard_change", id.toString(), client(row), Map.of());
            throw new ForbiddenException("You requested this standard change: another person must approve it. Your own approval never counts, "
                    + "whichever of your passkeys signs it.");
        }
        StandardChangeSpec spec = statement(row);
        verify(viewer.userId(), spec.digest(), assertion);
        PasskeyAssertion requested = changes.assertion(id, "REQUEST")
                .orElseThrow(() -> new ConflictException("The requester's signature is missing; request the standard change again."));
        Instant now = clock.instant();
        audit.record("standard_change.approved", "standard_change", id.toString(), client(row), describe(spec));
        changes.deleteAssertion(id, "APPROVE");
        changes.insertAssertion(id, "APPROVE", viewer.userId().value(), assertion, now);
        try {
            signer().adoptStandardChange(spec, List.of(requested, assertion));
        } catch (SignerGateway.Refused refused) {
            String reason = "The signer refused: " + refused.getMessage();
            audit.record("standard_change.refused_by_signer", "standard_change", id.toString(), client(row), Map.of("reason", refused.getMessage()));
            changes.deleteAssertion(id, "APPROVE");
            changes.refused(id, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
            return get(viewer, id);
        } catch (SignerGateway.Unavailable unavailable) {
            throw new ConflictException("The signer cannot be reached; nothing changed. Try again in a moment.");
        }
        audit.record("standard_change.adopted", "standard_change", id.toString(), client(row), Map.of("digest", spec.challenge()));
        changes.decide(id, "ACTIVE", viewer.userId().value(), null, now);
        return get(viewer, id);
    }

    /**
     * Revokes a waiting or active standard change on the server: no new task is requested under it here. The signer
     * keeps what it adopted until it is told on its own host (a signer command); until then its expiry bounds it.
     */
    @Transactional
    public StandardChangeView revoke(Viewer viewer, UUID id, String reason) {
        DECIDERS.require(viewer);
        StandardChangeRepository.Row row = row(viewer, id);
        changes.lock(id);
        if (!"AWAITING_APPROVAL".equals(row.state()) && !"ACTIVE".equals(row.state())) {
            throw new ConflictException("Only a waiting or active standard change can be revoked.");
        }
        String why = reason == null || reason.isBlank() ? "Revoked by " + viewer.displayName() + "." : reason.strip();
        if (why.length() > 1000) {
            throw new InvalidInputException("reason", "At most 1000 characters.");
        }
        audit.record("standard_change.revoked", "standard_change", id.toString(), client(row), Map.of("reason", why, "stateBefore", row.state()));
        changes.decide(id, "REVOKED", null, why, clock.instant());
        return get(viewer, id);
    }

    @Transactional(readOnly = true)
    public List<StandardChangeView> list(Viewer viewer, UUID versionId) {
        ScriptLibrary.requireStaff(viewer);
        List<StandardChangeSpec> held = held();
        return changes.list(viewer.scope(), versionId).stream().map(r -> view(r, held)).toList();
    }

    @Transactional(readOnly = true)
    public StandardChangeView get(Viewer viewer, UUID id) {
        return view(row(viewer, id), held());
    }

    private StandardChangeRepository.Row row(Viewer viewer, UUID id) {
        ScriptLibrary.requireStaff(viewer);
        return changes.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such standard change."));
    }

    private ScriptVersion usableVersion(UUID versionId) {
        ScriptRepository.VersionRow row = scripts.version(versionId).orElseThrow(() -> new NotFoundException("No such script version."));
        if (!row.bodyMatches()) {
            throw new ConflictException("This version's body no longer matches its hash; it cannot become a standard change.");
        }
        return row.version();
    }

    private StandardChangeSpec spec(Viewer viewer, ScriptVersion v, StandardChangeDraft d) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, List<String>> given = d.allowed() == null ? Map.of() : d.allowed();
        List<StandardChangeSpec.Allowed> allowed = new ArrayList<>();
        for (String name : given.keySet()) {
            if (v.parameters().stream().noneMatch(p -> p.name().equals(name))) {
                errors.put("allowed." + (name.length() > 64 ? name.substring(0, 64) : name), "This version has no parameter of this name.");
            }
        }
        for (ParameterDefinition p : v.parameters()) {
            if (p.type() == ParameterType.SECRET) {
                errors.put("allowed." + p.name(), "A version with a secret parameter cannot be a standard change: nobody could see what they approve.");
                continue;
            }
            List<String> values = new ArrayList<>();
            for (String raw : given.getOrDefault(p.name(), List.of())) {
                String value = raw == null ? "" : raw;
                if (value.isEmpty() && (p.required() || p.delivery() != io.steward.protocol.task.Parameter.Delivery.ARGUMENT)) {
                    continue;
                }
                ParameterValues.Checked c = value.isEmpty() ? new ParameterValues.Checked("", null) : ParameterValues.check(p, value);
                if (c.error() != null) {
                    errors.put("allowed." + p.name(), "'" + value + "': " + c.error());
                } else if (!values.contains(c.value())) {
                    values.add(c.value());
                }
            }
            if (values.isEmpty()) {
                errors.putIfAbsent("allowed." + p.name(), "List the values it may take (one per line).");
            } else if (values.size() > 100) {
                errors.put("allowed." + p.name(), "At most 100 values.");
            }
            allowed.add(new StandardChangeSpec.Allowed(p.name(), p.delivery(), values));
        }
        UUID scope = d.scopeClientId();
        if (scope != null && !clients.exists(viewer.scope(), new ClientId(scope))) {
            errors.put("scopeClientId", "No such client.");
        } else if (scope != null && !v.allows(new ClientId(scope))) {
            errors.put("scopeClientId", "The script may not run on this client's devices.");
        } else if (scope == null && v.clientRestriction() != null) {
            errors.put("scopeClientId", "The script is limited to some clients: choose one of them.");
        } else if (scope == null && !viewer.scope().allClients()) {
            errors.put("scopeClientId", "You serve some clients only: choose one of them.");
        }
        Instant now = clock.instant();
        Instant notAfter = d.notAfter() == null ? null : Instant.ofEpochSecond(d.notAfter().getEpochSecond());
        if (notAfter == null || !notAfter.isAfter(now)) {
            errors.put("notAfter", "Choose when it ends, in the future.");
        } else if (notAfter.isAfter(now.plus(MAX_LIFETIME))) {
            errors.put("notAfter", "At most " + MAX_LIFETIME.toDays() + " days ahead.");
        }
        int maxTimeout = d.maxTimeoutSeconds() == null ? v.timeoutSeconds() : d.maxTimeoutSeconds();
        if (maxTimeout < v.timeoutSeconds() || maxTimeout > 86_400) {
            errors.put("maxTimeoutSeconds", "Between the version's timeout (" + v.timeoutSeconds() + " s) and 86,400 s.");
        }
        RefusedFields.throwIfAny(errors);
        return new StandardChangeSpec(d.id() == null ? UUID.randomUUID() : d.id(), viewer.userId().value(), v.scriptName(), v.sha256(),
                v.interpreter(), v.runAs(), maxTimeout, v.outputLimitBytes(), allowed, scope, notAfter);
    }

    private void verify(UserId user, byte[] digest, PasskeyAssertion assertion) {
        if (assertion == null || assertion.credentialId() == null || assertion.signature() == null || assertion.clientDataJson() == null
                || assertion.authenticatorData() == null) {
            throw new InvalidInputException("assertion", "Sign the statement with your passkey.");
        }
        try {
            PasskeyDirectory directory = passkeys.getIfAvailable();
            if (directory == null) {
                throw new ConflictException("Passkey signing is not available on this server.");
            }
            SigningPage page = signingPage.getIfAvailable();
            directory.verifyStatementSignature(user, digest, assertion, page == null ? "" : page.origin());
        } catch (InvalidInputException e) {
            throw new InvalidInputException("assertion", "Your passkey's signature was not accepted: " + e.getMessage());
        }
    }

    private SignerGateway signer() {
        SignerGateway gateway = signer.getIfAvailable();
        if (gateway == null) {
            throw new SignerGateway.Unavailable("no signer is configured", null);
        }
        return gateway;
    }

    private StandardChangeSpec statement(StandardChangeRepository.Row row) {
        try {
            StandardChangeSpec spec = io.steward.server.automation.internal.library.StandardChangeStatements.parse(row.spec());
            if (!java.util.Arrays.equals(spec.digest(), row.digest()) || !spec.id().equals(row.id())
                    || !spec.requestedBy().equals(row.requestedBy())) {
                throw new IllegalArgumentException("the statement does not match its row");
            }
            return spec;
        } catch (RuntimeException e) {
            throw new ConflictException("This standard change's stored statement is damaged (" + e.getMessage() + "); it cannot be approved.");
        }
    }

    /** What the signer holds; null when it cannot be asked (the page says so rather than guess). */
    private List<StandardChangeSpec> held() {
        try {
            SignerGateway gateway = signer.getIfAvailable();
            return gateway == null ? null : gateway.status().standardChanges();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private StandardChangeView view(StandardChangeRepository.Row r, List<StandardChangeSpec> held) {
        String state = r.state();
        if (("ACTIVE".equals(state) || "AWAITING_APPROVAL".equals(state)) && !r.notAfter().isAfter(clock.instant())) {
            state = "EXPIRED";
        }
        StandardChangeSpec spec = null;
        try {
            spec = io.steward.server.automation.internal.library.StandardChangeStatements.parse(r.spec());
        } catch (RuntimeException e) {
            // A damaged statement shows no allowed values and is held by nobody.
        }
        byte[] digest = r.digest();
        Boolean isHeld = held == null ? null : held.stream().anyMatch(h -> java.util.Arrays.equals(h.digest(), digest));
        return new StandardChangeView(r.id(), r.scriptId(), r.scriptVersionId(), r.scriptName(), r.versionNumber(), r.sha256(), r.scopeClientId(),
                r.clientName(), spec == null ? List.of() : spec.allowed(), r.maxTimeoutSeconds(), r.notAfter(), state,
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest),
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(r.spec()), r.requestedBy(), r.requestedByName(), r.approvedBy(),
                r.approvedByName(), r.createdAt(), r.decidedAt(), r.reason(), isHeld);
    }

    private static ClientId client(StandardChangeSpec spec) {
        return spec.scopeClientId() == null ? null : new ClientId(spec.scopeClientId());
    }

    private static ClientId client(StandardChangeRepository.Row row) {
        return row.scopeClientId() == null ? null : new ClientId(row.scopeClientId());
    }

    private static Map<String, Object> describe(StandardChangeSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("script", spec.scriptName());
        m.put("sha256", spec.scriptSha256());
        m.put("scope", spec.scopeClientId() == null ? "all clients" : spec.scopeClientId().toString());
        m.put("notAfter", spec.notAfter().toString());
        m.put("maxTimeoutSeconds", spec.maxTimeoutSeconds());
        m.put("allowed", spec.allowed().stream().map(a -> a.name() + "=" + a.values()).toList());
        m.put("digest", spec.challenge());
        return m;
    }
}
