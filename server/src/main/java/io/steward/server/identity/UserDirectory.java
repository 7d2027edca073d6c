package io.steward.server.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.steward.server.audit.AuditLog;
import io.steward.server.identity.internal.ApiTokens;
import io.steward.server.identity.internal.Secrets;
import io.steward.server.identity.internal.Sessions;
import io.steward.server.identity.internal.UserRecord;
import io.steward.server.identity.internal.UserRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * User accounts: created, changed and disabled by MSP admins; passwords changed by their owners.
 * Invariants: at least one enabled MSP admin remains; a client user belongs to exactly one
 * visible client; only technicians have a tier and a client allow-list. Any change to role,
 * scope, password or enabled ends the user's sessions.
 */
@Service
public class UserDirectory {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,189}$");
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 128;

    private final UserRepository users;
    private final ClientService clients;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Sessions sessions;
    private final Clock clock;
    private final ApiTokens tokens;

    public UserDirectory(UserRepository users, ClientService clients, PasswordEncoder passwords, AuditLog audit, Sessions sessions,
                         Clock clock, ApiTokens tokens) {
        this.tokens = tokens;
        this.users = users;
        this.clients = clients;
        this.passwords = passwords;
        this.audit = audit;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<UserAccount> list(Viewer viewer, String text, PageQuery page) {
        requireAdmin(viewer);
        return users.list(viewer.scope(), text, page).map(UserRecord::toAccount);
    }

    @Transactional(readOnly = true)
    public UserAccount get(Viewer viewer, UserId id) {
        requireAdmin(viewer);
        return load(viewer, id).toAccount();
    }

    @Transactional
    public NewUserCredentials create(Viewer viewer, UserDraft draft) {
        return create(viewer, draft, null);
    }

    /** Creates a user with their own time zone ({@link ZoneInput}; blank: the default). */
    @Transactional
    public NewUserCredentials create(Viewer viewer, UserDraft draft, String timeZone) {
        requireAdmin(viewer);
        viewer.requireWriter(Role.MSP_ADMIN);
        String zone = ZoneInput.parse("timeZone", timeZone);
        String password = Secrets.oneTimePassword();
        UserRecord created = insert(viewer.scope(), draft, password, true, null, zone);
        return new NewUserCredentials(created.toAccount(), password);
    }

    /** For start-up and demo seeding only: runs with system scope and a chosen password. */
    @Transactional
    public UserAccount seed(UserDraft draft, String password, boolean mustChangePassword, String totpSecret) {
        return insert(TenantScope.all(), draft, password, mustChangePassword, totpSecret, null).toAccount();
    }

    /** Whether the viewer's own account has two-factor authentication on. */
    @Transactional(readOnly = true)
    public boolean mfaEnabled(Viewer viewer) {
        return users.findById(viewer.userId()).map(UserRecord::totpEnabled).orElse(false);
    }

    /**
     * Issues an API token for a seeded user, for demo mode and scripts run at start-up.
     *
     * @return the token secret, shown once
     */
    @Transactional
    public String seedToken(UserId owner, String name, ApiTokenInfo.Access access, java.time.Duration lifetime) {
        UserRecord user = users.findById(owner).orElseThrow(() -> new NotFoundException("No such user."));
        return tokens.create(user.toViewer(false), name, access, lifetime).secret();
    }

    @Transactional(readOnly = true)
    public boolean anyUserExists() {
        return users.anyExists();
    }

    private UserRecord insert(TenantScope scope, UserDraft draft, String password, boolean mustChange, String totpSecret, String zone) {
        UserDraft d = validate(scope, draft);
        checkPasswordRules(password, d.email());
        Instant now = clock.instant();
        UserRecord record = new UserRecord(UserId.random(), d.email(), d.displayName(), passwords.encode(password), d.role(),
                d.supportTier(), d.clientId(), !d.clientScope().isEmpty(), d.clientScope(), true, mustChange, totpSecret,
                totpSecret != null, 0, 0, null, now, 0, zone);
        audit.record("user.created", "user", record.id().toString(), d.clientId(), describe(record));
        try {
            users.insert(record);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("email", "A user with this email already exists.");
        }
        return record;
    }

    /** Changes a user and keeps their time zone. */
    @Transactional
    public UserAccount update(Viewer viewer, UserId id, UserDraft draft, int expectedVersion) {
        requireAdmin(viewer);
        return update(viewer, id, draft, load(viewer, id).timeZone(), expectedVersion);
    }

    /** Changes a user, their time zone included ({@link ZoneInput}; blank: the default). */
    @Transactional
    public UserAccount update(Viewer viewer, UserId id, UserDraft draft, String timeZone, int expectedVersion) {
        requireAdmin(viewer);
        viewer.requireWriter(Role.MSP_ADMIN);
        String zone = ZoneInput.parse("timeZone", timeZone);
        UserRecord before = load(viewer, id);
        if (before.version() != expectedVersion) {
            throw new StaleVersionException(before.version(), before.toAccount());
        }
        UserDraft d = validate(viewer.scope(), draft);
        if (before.role() == Role.MSP_ADMIN && d.role() != Role.MSP_ADMIN && before.enabled() && users.countEnabledAdmins() <= 1) {
            throw new ConflictException("role", "This is the last enabled MSP admin; make someone else an admin first.");
        }
        UserRecord after = new UserRecord(id, d.email(), d.displayName(), before.passwordHash(), d.role(), d.supportTier(), d.clientId(),
                !d.clientScope().isEmpty(), d.clientScope(), before.enabled(), before.mustChangePassword(), before.totpSecret(),
                before.totpEnabled(), before.totpLastStep(), before.securityStamp(), before.lastLoginAt(), before.createdAt(),
                before.version(), zone);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", describe(before));
        details.put("after", describe(after));
        audit.record("user.updated", "user", id.toString(), d.clientId(), details);
        try {
            if (!users.update(after, expectedVersion, clock.instant())) {
                throw new StaleVersionException(load(viewer, id).version());
            }
        } catch (DuplicateKeyException e) {
            throw new ConflictException("email", "A user with this email already exists.");
        }
        sessions.endAllOf(id);
        return load(viewer, id).toAccount();
    }

    @Transactional
    public UserAccount setEnabled(Viewer viewer, UserId id, boolean enabled, int expectedVersion) {
        requireAdmin(viewer);
        viewer.requireWriter(Role.MSP_ADMIN);
        UserRecord before = load(viewer, id);
        if (before.version() != expectedVersion) {
            throw new StaleVersionException(before.version(), before.toAccount());
        }
        if (!enabled && id.equals(viewer.userId())) {
            throw new ConflictException("enabled", "You cannot disable your own account.");
        }
        if (!enabled && before.role() == Role.MSP_ADMIN && before.enabled() && users.countEnabledAdmins() <= 1) {
            throw new ConflictException("enabled", "This is the last enabled MSP admin.");
        }
        if (before.enabled() == enabled) {
            return before.toAccount();
        }
        audit.record(enabled ? "user.enabled" : "user.disabled", "user", id.toString(), before.clientId(), Map.of("email", before.email()));
        UserRecord after = new UserRecord(id, before.email(), before.displayName(), before.passwordHash(), before.role(),
                before.supportTier(), before.clientId(), before.scopeRestricted(), before.clientScope(), enabled,
                before.mustChangePassword(), before.totpSecret(), before.totpEnabled(), before.totpLastStep(), before.securityStamp(),
                before.lastLoginAt(), before.createdAt(), before.version(), before.timeZone());
        if (!users.update(after, expectedVersion, clock.instant())) {
            throw new StaleVersionException(load(viewer, id).version());
        }
        sessions.endAllOf(id);
        return load(viewer, id).toAccount();
    }

    /** Issues a new one-time password; the user must replace it at next sign-in. */
    @Transactional
    public NewUserCredentials resetPassword(Viewer viewer, UserId id) {
        requireAdmin(viewer);
        viewer.requireWriter(Role.MSP_ADMIN);
        UserRecord user = load(viewer, id);
        String password = Secrets.oneTimePassword();
        audit.record("user.password_reset", "user", id.toString(), user.clientId(), Map.of("email", user.email()));
        users.setPassword(id, passwords.encode(password), true, clock.instant());
        sessions.endAllOf(id);
        return new NewUserCredentials(load(viewer, id).toAccount(), password);
    }

    /** The signed-in user replaces their own password, proving the current one. */
    @Transactional
    public void changeOwnPassword(Viewer viewer, String currentPassword, String newPassword) {
        UserRecord user = users.findById(viewer.userId()).orElseThrow(() -> new NotFoundException("No such user."));
        if (currentPassword == null || !passwords.matches(currentPassword, user.passwordHash())) {
            throw new InvalidInputException("currentPassword", "The current password is not correct.");
        }
        checkPasswordRules(newPassword, user.email());
        if (passwords.matches(newPassword, user.passwordHash())) {
            throw new InvalidInputException("newPassword", "Choose a password different from the current one.");
        }
        audit.record("user.password_changed", "user", user.id().toString(), user.clientId(), Map.of());
        users.setPassword(user.id(), passwords.encode(newPassword), false, clock.instant());
    }

    /** The viewer's own time zone, or null when they use the default. */
    @Transactional(readOnly = true)
    public String ownTimeZone(Viewer viewer) {
        return users.timeZone(viewer.userId()).orElse(null);
    }

    /**
     * The signed-in user chooses the time zone their pages show times in ({@link ZoneInput}; blank: the default).
     *
     * @return the zone stored, or null
     */
    @Transactional
    public String setOwnTimeZone(Viewer viewer, String timeZone) {
        if (viewer.readOnly()) {
            throw new ForbiddenException("This API token is read-only.");
        }
        String zone = ZoneInput.parse("timeZone", timeZone);
        UserRecord user = users.findById(viewer.userId()).orElseThrow(() -> new NotFoundException("No such user."));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", user.timeZone());
        details.put("after", zone);
        audit.record("user.time_zone_changed", "user", user.id().toString(), user.clientId(), details);
        users.setTimeZone(user.id(), zone, clock.instant());
        return zone;
    }

    static void checkPasswordRules(String password, String email) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new InvalidInputException("newPassword", "A password has " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
        }
        if (password.equalsIgnoreCase(email) || password.isBlank()) {
            throw new InvalidInputException("newPassword", "The password must not be your email address.");
        }
    }

    private UserRecord load(Viewer viewer, UserId id) {
        return users.find(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such user."));
    }

    private UserDraft validate(TenantScope scope, UserDraft draft) {
        String email = draft.email() == null ? "" : draft.email().trim();
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidInputException("email", "Enter an email address such as name@example.com.");
        }
        String name = draft.displayName() == null ? "" : draft.displayName().trim();
        if (name.isEmpty() || name.length() > 200) {
            throw new InvalidInputException("displayName", "Enter a name of 1 to 200 characters.");
        }
        Role role = draft.role();
        if (role == null) {
            throw new InvalidInputException("role", "Choose a role.");
        }
        Integer tier = null;
        if (role == Role.TECHNICIAN) {
            tier = draft.supportTier();
            if (tier == null || tier < 1 || tier > 3) {
                throw new InvalidInputException("supportTier", "A technician works in tier 1, 2 or 3.");
            }
        }
        ClientId client = null;
        if (role == Role.CLIENT_USER) {
            client = draft.clientId();
            if (client == null || !clients.exists(scope, client)) {
                throw new InvalidInputException("clientId", "A client user belongs to one existing client.");
            }
        }
        Set<ClientId> allowList = Set.of();
        if (role == Role.TECHNICIAN && draft.clientScope() != null) {
            for (ClientId c : draft.clientScope()) {
                if (!clients.exists(scope, c)) {
                    throw new InvalidInputException("clientScope", "The client scope lists a client that does not exist.");
                }
            }
            allowList = Set.copyOf(draft.clientScope());
        }
        return new UserDraft(email, name, role, tier, client, allowList);
    }

    private static void requireAdmin(Viewer viewer) {
        if (!viewer.hasRole(Role.MSP_ADMIN)) {
            throw new NotFoundException("No such page.");
        }
    }

    private static Map<String, Object> describe(UserRecord u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", u.email());
        m.put("displayName", u.displayName());
        m.put("role", u.role().name());
        if (u.supportTier() != null) {
            m.put("supportTier", u.supportTier());
        }
        if (u.clientId() != null) {
            m.put("clientId", u.clientId().toString());
        }
        m.put("clientScope", u.clientScope().stream().map(ClientId::toString).sorted().toList());
        m.put("enabled", u.enabled());
        if (u.timeZone() != null) {
            m.put("timeZone", u.timeZone());
        }
        return m;
    }
}
