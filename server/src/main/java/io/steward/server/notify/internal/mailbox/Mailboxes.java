package io.steward.server.notify.internal.mailbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.notify.NotifyProperties;
import io.steward.server.platform.SecretBox;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;
import io.steward.server.shared.StaleVersionException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The MSP's mailboxes, for MSP admins: settings with their secrets sealed and never read back, health, and a
 * connection test. Every change is audited (without secrets) and reaches the watchers as soon as it commits.
 */
@Service
public class Mailboxes {
    /** Who manages mailboxes. */
    public static final Permission MANAGE = Permission.of(Role.MSP_ADMIN);

    private final MailboxRepository repository;
    private final SecretBox secrets;
    private final ImapConnector connector;
    private final MailboxWatchers watchers;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;
    private final NotifyProperties.Inbound settings;

    Mailboxes(MailboxRepository repository, SecretBox secrets, ImapConnector connector, MailboxWatchers watchers, ClientService clients,
              AuditLog audit, Clock clock, NotifyProperties properties) {
        this.repository = repository;
        this.secrets = secrets;
        this.connector = connector;
        this.watchers = watchers;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
        this.settings = properties.inbound();
    }

    @Transactional(readOnly = true)
    public List<MailboxView> list(Viewer viewer) {
        require(viewer);
        Instant now = clock.instant();
        return repository.all().stream().map(r -> view(r, now)).toList();
    }

    @Transactional(readOnly = true)
    public MailboxView get(Viewer viewer, UUID id) {
        require(viewer);
        return view(row(id), clock.instant());
    }

    @Transactional
    public MailboxView create(Viewer viewer, MailboxInput in) {
        MANAGE.require(viewer);
        MailboxSettings m = settingsOf(viewer, UUID.randomUUID(), in, null, 0);
        if (repository.nameTaken(m.name(), null)) {
            throw new ConflictException("name", "A mailbox with this name exists already.");
        }
        audit.record("mailbox.created", "mailbox", m.id().toString(), m.boundClient(), describe(m));
        repository.insert(m, clock.instant());
        afterCommitReconcile();
        return view(row(m.id()), clock.instant());
    }

    @Transactional
    public MailboxView update(Viewer viewer, UUID id, MailboxInput in, int version) {
        MANAGE.require(viewer);
        MailboxSettings before = row(id).settings();
        if (before.version() != version) {
            throw new StaleVersionException(before.version());
        }
        MailboxSettings m = settingsOf(viewer, id, in, before, version);
        if (repository.nameTaken(m.name(), id)) {
            throw new ConflictException("name", "A mailbox with this name exists already.");
        }
        boolean refreshChanged = MailboxInput.given(in.oauthRefreshToken()) || !Objects.equals(before.refreshExpiresOn(), m.refreshExpiresOn());
        Map<String, Object> details = describe(m);
        details.put("secretsChanged", changedSecrets(in));
        audit.record("mailbox.updated", "mailbox", id.toString(), m.boundClient(), details);
        if (!repository.update(m, version, refreshChanged, clock.instant())) {
            throw new StaleVersionException(row(id).settings().version());
        }
        afterCommitReconcile();
        return view(row(id), clock.instant());
    }

    @Transactional
    public MailboxView setEnabled(Viewer viewer, UUID id, boolean enabled) {
        MANAGE.require(viewer);
        MailboxSettings m = row(id).settings();
        audit.record(enabled ? "mailbox.enabled" : "mailbox.disabled", "mailbox", id.toString(), m.boundClient(), Map.of("name", m.name()));
        repository.setEnabled(id, enabled, clock.instant());
        afterCommitReconcile();
        return view(row(id), clock.instant());
    }

    @Transactional
    public void delete(Viewer viewer, UUID id) {
        MANAGE.require(viewer);
        MailboxSettings m = row(id).settings();
        audit.record("mailbox.deleted", "mailbox", id.toString(), m.boundClient(), Map.of("name", m.name(), "address", m.address()));
        repository.delete(id);
        afterCommitReconcile();
    }

    /** Connects once with the stored settings and answers what that found; the watcher is not disturbed. */
    public ConnectionProbe test(Viewer viewer, UUID id) {
        MANAGE.require(viewer);
        return connector.probe(row(id).settings());
    }

    private MailboxSettings settingsOf(Viewer viewer, UUID id, MailboxInput in, MailboxSettings before, int version) {
        MailboxSettings.Security security = MailboxSettings.Security.valueOf(in.security());
        MailboxSettings.Auth auth = MailboxSettings.Auth.valueOf(in.auth());
        if (security == MailboxSettings.Security.NONE && !in.plaintext()) {
            throw new InvalidInputException("plaintextAllowed",
                    "Without TLS the password crosses the network in the clear: tick the box to allow it on purpose, or choose TLS or STARTTLS.");
        }
        String endpoint = blankToNull(in.oauthTokenEndpoint());
        // Stored secrets go only where they were typed for: a change of server or token endpoint must bring them again,
        // or an admin session could send them to a host of its choosing without ever reading them.
        boolean sameServer = before != null && before.host().equalsIgnoreCase(in.host().strip()) && before.port() == in.port()
                && java.util.Objects.equals(before.tokenEndpoint(), endpoint);
        MailboxSettings kept = sameServer ? before : null;
        String password = keep(in.password(), kept == null ? null : kept.passwordSealed());
        String clientSecret = keep(in.oauthClientSecret(), kept == null ? null : kept.clientSecretSealed());
        String refresh = keep(in.oauthRefreshToken(), kept == null ? null : kept.refreshTokenSealed());
        String clientId = blankToNull(in.oauthClientId());
        if (auth == MailboxSettings.Auth.PASSWORD && password == null) {
            throw new InvalidInputException("password", before == null || sameServer ? "Enter the mailbox's password."
                    : "The server changed: enter the password again (the stored one is only sent to the server it was given for).");
        }
        if (auth == MailboxSettings.Auth.XOAUTH2) {
            if (endpoint == null) {
                throw new InvalidInputException("oauthTokenEndpoint", "Enter the provider's token endpoint.");
            }
            if (clientId == null) {
                throw new InvalidInputException("oauthClientId", "Enter the OAuth client id.");
            }
            if (refresh == null) {
                throw new InvalidInputException("oauthRefreshToken", "Enter a refresh token.");
            }
        }
        ClientId bound = in.boundClientId() == null ? null : new ClientId(in.boundClientId());
        if (bound != null && clients.summaries(viewer.scope()).stream().noneMatch(c -> c.id().equals(bound))) {
            throw new InvalidInputException("boundClientId", "No such client.");
        }
        return new MailboxSettings(id, in.name().strip(), in.address().strip(), in.host().strip(), in.port(), security,
                security == MailboxSettings.Security.NONE, auth, in.username().strip(), password, endpoint, clientId, clientSecret, refresh,
                in.oauthRefreshExpiresOn(), in.folderOrInbox(), bound, in.trustsWithoutDmarc(),
                in.trustedAuthServId() == null ? "" : in.trustedAuthServId().strip(),
                in.enabled() != null ? in.enabled() : before == null || before.enabled(), version);
    }

    /** A newly typed secret, sealed; or the stored one when none was typed. */
    private String keep(String typed, String storedSealed) {
        return MailboxInput.given(typed) ? secrets.seal(typed) : storedSealed;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<String> changedSecrets(MailboxInput in) {
        List<String> changed = new ArrayList<>();
        if (MailboxInput.given(in.password())) {
            changed.add("password");
        }
        if (MailboxInput.given(in.oauthClientSecret())) {
            changed.add("oauthClientSecret");
        }
        if (MailboxInput.given(in.oauthRefreshToken())) {
            changed.add("oauthRefreshToken");
        }
        return changed;
    }

    /** What the audit log keeps: the settings, never a secret. */
    private static Map<String, Object> describe(MailboxSettings m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", m.name());
        d.put("address", m.address());
        d.put("server", m.host() + ":" + m.port() + " " + m.security());
        d.put("auth", m.auth().name());
        d.put("username", m.username());
        d.put("folder", m.folder());
        d.put("trustWithoutDmarc", m.trustWithoutDmarc());
        d.put("trustedAuthServId", m.trustedAuthServId());
        d.put("enabled", m.enabled());
        return d;
    }

    private MailboxRepository.Row row(UUID id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("No such mailbox."));
    }

    private MailboxView view(MailboxRepository.Row r, Instant now) {
        MailboxSettings m = r.settings();
        return new MailboxView(m.id(), m.name(), m.address(), m.host(), m.port(), m.security().name(), m.plaintextAllowed(), m.auth().name(),
                m.username(), m.passwordSealed() != null, m.tokenEndpoint(), m.oauthClientId(), m.clientSecretSealed() != null,
                m.refreshTokenSealed() != null, m.refreshExpiresOn(), m.folder(), m.boundClient() == null ? null : m.boundClient().value(),
                m.trustWithoutDmarc(), m.trustedAuthServId(), m.enabled(), m.version(),
                HealthRules.health(m, r.health(), now, settings.oauthWarnDays()));
    }

    /** Reading needs the role only, so a read-only admin token can watch the status; changes need {@link #MANAGE}. */
    private static void require(Viewer viewer) {
        if (!viewer.hasRole(Role.MSP_ADMIN)) {
            throw new ForbiddenException("Only MSP admins manage mailboxes.");
        }
    }

    /** The watchers learn of the change once it committed, not at their next reconcile. */
    private void afterCommitReconcile() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    watchers.reconcile();
                }
            });
        }
    }
}
