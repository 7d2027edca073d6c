package io.steward.server.notify.internal.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.notify.NotifyProperties;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Permission;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery side as MSP admins see it: whether SMTP is configured and how the last attempts went, the outbox's
 * recent mail with status, attempts and last error (a failed one can be sent again), and the suppression list, filled
 * by permanent refusals and bounce reports ({@link MailBounced}) and cleared by hand.
 */
@Service
public class MailLog {
    private static final Permission ADMIN = Permission.of(Role.MSP_ADMIN);

    private final MailLogRepository log;
    private final SuppressionRepository suppressions;
    private final MailDelivery delivery;
    private final AuditLog audit;
    private final Clock clock;

    MailLog(MailLogRepository log, SuppressionRepository suppressions, MailDelivery delivery, AuditLog audit, Clock clock) {
        this.log = log;
        this.suppressions = suppressions;
        this.delivery = delivery;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * SMTP as configured (never its secrets) and as this node last saw it.
     *
     * @param counts mails in the outbox by status
     */
    public record Status(boolean configured, String host, int port, String security, String auth, String username, Instant lastAttempt,
                         Instant lastSent, String lastError, Map<String, Long> counts) {
    }

    /** One mail of the outbox. */
    public record Entry(UUID id, String kind, String recipient, String subject, String status, int attempts, Instant nextAttemptAt,
                        String lastError, Instant createdAt, Instant sentAt) {
    }

    /** An address Steward does not send to. */
    public record Suppressed(String address, String reason, Instant at) {
    }

    @Transactional(readOnly = true)
    public Status status(Viewer viewer) {
        ADMIN.require(viewer);
        NotifyProperties.Smtp s = delivery.settings();
        MailDelivery.Status seen = delivery.status();
        return new Status(delivery.configured(), s.host(), s.port(), s.security().name(), s.auth().name(), s.username(), seen.lastAttempt(),
                seen.lastSent(), seen.lastError(), system(log::counts));
    }

    /** The newest mail first, of one status or all (null). */
    @Transactional(readOnly = true)
    public List<Entry> outbox(Viewer viewer, String status, int limit) {
        ADMIN.require(viewer);
        return system(() -> log.recent(status, Math.clamp(limit, 1, 500)));
    }

    /** Sends a failed mail again: queued now with a fresh count of attempts; 409 unless it failed. */
    @Transactional
    public Entry retry(Viewer viewer, UUID id) {
        viewer.requireWriter(Role.MSP_ADMIN);
        Entry e = system(() -> log.find(id)).orElseThrow(() -> new NotFoundException("No such mail in the outbox."));
        if (!"FAILED".equals(e.status())) {
            throw new ConflictException("status", "Only a failed mail can be sent again; this one is " + e.status() + ".");
        }
        audit.record("mail.retried", "mail_outbox", id.toString(), null, Map.of("recipient", e.recipient(), "kind", e.kind()));
        system(() -> log.requeue(id, clock.instant()));
        return system(() -> log.find(id)).orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<Suppressed> suppressions(Viewer viewer) {
        ADMIN.require(viewer);
        return suppressions.list(1000).stream().map(s -> new Suppressed(s.address(), s.reason(), s.at())).toList();
    }

    /** Takes an address off the list, so mail to it is sent again; 404 when it is not on it. */
    @Transactional
    public void clear(Viewer viewer, String address) {
        viewer.requireWriter(Role.MSP_ADMIN);
        String a = address == null ? "" : SuppressionRepository.normal(address);
        if (!suppressions.contains(a)) {
            throw new NotFoundException("This address is not on the suppression list.");
        }
        audit.record("mail.suppression.cleared", "mail_suppression", a, null, Map.of());
        suppressions.remove(a);
    }

    /** A bounce report for an address: no more mail to it until someone clears it. Runs in the transaction that recorded the bounce. */
    @EventListener
    void on(MailBounced bounced) {
        suppressions.add(bounced.address(), bounced.reason() == null || bounced.reason().isBlank() ? "bounced" : bounced.reason(), bounced.at());
    }

    /** The outbox holds every client's mail: MSP admins see all of it. */
    private static <T> T system(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(TenantScope.all(), work);
    }
}
