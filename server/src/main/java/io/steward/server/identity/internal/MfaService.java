package io.steward.server.identity.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.steward.server.audit.AuditLog;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * TOTP enrolment, challenge and recovery codes. A TOTP step is accepted once per user; a
 * recovery code once ever. Roles that require MFA cannot switch it off.
 */
@Service
public class MfaService {
    static final int RECOVERY_CODES = 10;

    private final UserRepository users;
    private final Totp totp;
    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final Clock clock;

    public MfaService(UserRepository users, Totp totp, AuditLog audit, LoginThrottle throttle, Clock clock) {
        this.users = users;
        this.totp = totp;
        this.audit = audit;
        this.throttle = throttle;
        this.clock = clock;
    }

    public String newSecret() {
        return totp.newSecret();
    }

    public String qrDataUri(String email, String secret) {
        return totp.qrDataUri(email, secret);
    }

    public String otpauthUri(String email, String secret) {
        return totp.otpauthUri(email, secret);
    }

    /** Turns MFA on once the user proves their app produces codes for the secret; returns fresh recovery codes. */
    @Transactional
    public List<String> enable(Viewer viewer, String secret, String code) {
        UserRecord user = users.findById(viewer.userId()).orElseThrow();
        if (user.totpEnabled()) {
            throw new ConflictException("code", "Two-factor authentication is already on.");
        }
        long step = totp.matchingStep(secret, code);
        if (step < 0) {
            throw new InvalidInputException("code", "That code does not match. Check the time on your phone and try the next code.");
        }
        audit.record("mfa.enabled", "user", user.id().toString(), user.clientId(), Map.of());
        users.setTotp(user.id(), secret, true, clock.instant());
        users.consumeTotpStep(user.id(), step);
        return newRecoveryCodes(user.id());
    }

    @Transactional
    public void disable(Viewer viewer, String code) {
        UserRecord user = users.findById(viewer.userId()).orElseThrow();
        if (PasswordSignIn.requiresMfa(user.role())) {
            throw new ConflictException("code", "Your role requires two-factor authentication; it cannot be turned off.");
        }
        if (!user.totpEnabled()) {
            return;
        }
        if (!acceptsCode(user, code)) {
            throw new InvalidInputException("code", "That code does not match.");
        }
        audit.record("mfa.disabled", "user", user.id().toString(), user.clientId(), Map.of());
        users.setTotp(user.id(), null, false, clock.instant());
        users.replaceRecoveryCodes(user.id(), List.of());
    }

    @Transactional
    public List<String> regenerateRecoveryCodes(Viewer viewer) {
        UserRecord user = users.findById(viewer.userId()).orElseThrow();
        if (!user.totpEnabled()) {
            throw new ConflictException("code", "Turn on two-factor authentication first.");
        }
        audit.record("mfa.recovery_codes_regenerated", "user", user.id().toString(), user.clientId(), Map.of());
        return newRecoveryCodes(user.id());
    }

    @Transactional(readOnly = true)
    public int unusedRecoveryCodes(Viewer viewer) {
        return users.unusedRecoveryCodes(viewer.userId());
    }

    /**
     * The second step of sign-in. Failures count against the account like wrong passwords, so
     * six digits cannot be guessed by trying them all.
     */
    public boolean verifyChallenge(UserId userId, String code) {
        return TenantContext.callAsSystem(() -> {
            UserRecord user = users.findById(userId).filter(UserRecord::enabled).orElse(null);
            if (user == null || throttle.isBlocked(LoginThrottle.accountKey(user.email()))) {
                return false;
            }
            if (acceptsCode(user, code)) {
                return true;
            }
            throttle.recordAccountFailure(user.email());
            audit.recordAnonymous(user.email(), "login.mfa_failed", Map.of());
            return false;
        });
    }

    private boolean acceptsCode(UserRecord user, String code) {
        if (code == null) {
            return false;
        }
        String trimmed = code.trim().toLowerCase(Locale.ROOT);
        long step = totp.matchingStep(user.totpSecret(), trimmed);
        if (step >= 0) {
            return users.consumeTotpStep(user.id(), step);
        }
        if (trimmed.matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}")) {
            boolean used = users.consumeRecoveryCode(user.id(), Secrets.sha256(trimmed), clock.instant());
            if (used) {
                audit.recordAnonymous(user.email(), "login.recovery_code_used", Map.of("remaining", users.unusedRecoveryCodes(user.id())));
            }
            return used;
        }
        return false;
    }

    private List<String> newRecoveryCodes(UserId id) {
        List<String> codes = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String c = Secrets.recoveryCode();
            codes.add(c);
            hashes.add(Secrets.sha256(c));
        }
        users.replaceRecoveryCodes(id, hashes);
        return codes;
    }
}
