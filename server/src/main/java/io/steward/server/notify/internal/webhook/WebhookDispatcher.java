package io.steward.server.notify.internal.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.platform.SecretBox;
import io.steward.server.shared.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One delivery pass: leases the due deliveries, sends each on a virtual thread (at most {@code concurrency} at once),
 * and records every attempt. 2xx delivers; 410 Gone disables the endpoint and kills the delivery; anything else is
 * tried again on the retry schedule (honouring {@code Retry-After}) until it is used up and the delivery is dead.
 * Standard endpoints get the Standard Webhooks headers, signed with the current secret and, during a rotation, the
 * previous one too. The address guard runs before every attempt.
 */
public class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final SecretBox secrets;
    private final WebhookBodies bodies;
    private final NotifyProperties.Webhooks settings;
    private final AddressGuard guard;
    private final RetrySchedule retries;
    private final WebhookSender sender;
    private final TransactionTemplate tx;
    private final Semaphore inFlight;
    private final Clock clock;

    WebhookDispatcher(DeliveryRepository deliveries, EndpointRepository endpoints, SecretBox secrets, WebhookBodies bodies,
                      NotifyProperties.Webhooks settings, PlatformTransactionManager transactions, Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.bodies = bodies;
        this.settings = settings;
        this.guard = new AddressGuard(settings.allowedCidrs());
        this.retries = new RetrySchedule(settings.retrySchedule());
        this.sender = new WebhookSender(settings.connectTimeout(), settings.requestTimeout());
        this.tx = new TransactionTemplate(transactions);
        this.inFlight = new Semaphore(settings.concurrency());
        this.clock = clock;
    }

    /**
     * Sends what is due now; answers how many deliveries were tried. Returns when every attempt of the pass is recorded.
     * Deliveries are leased only as sending slots come free, so each starts at once (its lease never runs out in a queue)
     * and a slow receiver holds one slot, not a whole batch; while a backlog keeps the slots busy the pass goes on, for
     * at most half a lease, instead of waiting for the next scheduled pass.
     */
    public int runDue() {
        if (!settings.sending()) {
            return 0;
        }
        long until = System.nanoTime() + settings.lease().toNanos() / 2;
        int total = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            while (System.nanoTime() < until) {
                inFlight.acquireUninterruptibly();
                int taken = 1 + inFlight.drainPermits();
                int free = Math.min(taken, settings.batchSize());
                List<DeliveryRepository.Claimed> due = List.of();
                try {
                    due = claim(free);
                } finally {
                    inFlight.release(taken - due.size());
                }
                for (DeliveryRepository.Claimed c : due) {
                    threads.submit(() -> {
                        try {
                            attempt(c);
                        } catch (RuntimeException e) {
                            // The lease runs out and a later pass tries again; one delivery's trouble must not stop the others.
                            log.error("Webhook delivery {} failed unexpectedly", c.id(), e);
                        } finally {
                            inFlight.release();
                        }
                    });
                }
                total += due.size();
                if (due.size() < free) {
                    break;
                }
            }
        }
        return total;
    }

    private List<DeliveryRepository.Claimed> claim(int limit) {
        Instant now = clock.instant();
        List<DeliveryRepository.Claimed> due = TenantContext.callAsSystem(() -> tx.execute(s -> deliveries.claim(now, settings.lease(), limit)));
        return due == null ? List.of() : due;
    }

    private void attempt(DeliveryRepository.Claimed c) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        String refusal = guard.refusal(c.url(), c.allowPrivateNetwork());
        WebhookSender.Outcome outcome = refusal != null
                ? new WebhookSender.Outcome(null, null, null, "Not sent: " + refusal)
                : sender.post(c.url(), headers(c, at), bodies.body(c.format(), c.payload()));
        long ms = (System.nanoTime() - started) / 1_000_000;
        Integer status = outcome.status();
        boolean delivered = status != null && status / 100 == 2;
        boolean gone = status != null && status == 410;
        Instant next = delivered || gone ? null : retries.next(c.attempts() + 1, at, outcome.retryAfter());
        String state = delivered ? "DELIVERED" : next == null ? "DEAD" : "PENDING";
        TenantContext.runAsSystem(() -> tx.executeWithoutResult(s -> {
            deliveries.recordAttempt(c, at, status, ms, outcome.error(), outcome.excerpt(), state, next);
            if (gone) {
                endpoints.setEnabled(c.endpointId(), false, "The receiver answered 410 Gone at " + at + ".", at);
            }
        }));
    }

    /** The Standard Webhooks headers for STANDARD endpoints; Slack and Teams get none they would not read. */
    private Map<String, String> headers(DeliveryRepository.Claimed c, Instant at) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!c.format().signed()) {
            return headers;
        }
        long timestamp = at.getEpochSecond();
        List<String> keys = new ArrayList<>();
        keys.add(secrets.open(c.secretSealed()));
        if (c.previousSecretSealed() != null && c.previousSecretUntil() != null && at.isBefore(c.previousSecretUntil())) {
            keys.add(secrets.open(c.previousSecretSealed()));
        }
        headers.put("webhook-id", c.messageId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.header(keys, c.messageId(), timestamp, c.payload()));
        return headers;
    }

    @Override
    public void close() {
        sender.close();
    }
}
