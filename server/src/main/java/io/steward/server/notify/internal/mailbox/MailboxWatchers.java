package io.steward.server.notify.internal.mailbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.shared.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs one {@link MailboxWatcher} per enabled mailbox on a virtual thread of its own, and keeps that set in line
 * with the table: read again every {@code reconcile-interval} (changes made on another node) and at once after a
 * change on this one. A changed mailbox's watcher is stopped and a new one started with the new settings.
 */
@Component
class MailboxWatchers implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(MailboxWatchers.class);

    private final MailboxRepository repository;
    private final NotifyProperties.Inbound settings;
    private final ImapConnector connector;
    private final MailboxIntake intake;
    private final Clock clock;
    private volatile MailboxWatcher.Tools tools;
    private volatile ScheduledExecutorService timer;
    private final Map<UUID, MailboxWatcher> running = new ConcurrentHashMap<>();
    private volatile boolean started;

    MailboxWatchers(MailboxRepository repository, ImapConnector connector, MailboxIntake intake, NotifyProperties properties, Clock clock) {
        this.repository = repository;
        this.settings = properties.inbound();
        this.connector = connector;
        this.intake = intake;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (!settings.watch()) {
            log.info("Mailboxes are not watched on this node (steward.notify.inbound.watch=false)");
            return;
        }
        // Made at each start: a context that is stopped and started again gets a new timer. A node's name in the lease is
        // unique per start, so a restarted node does not mistake its old lease for its own.
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("mailbox-timer").factory());
        tools = new MailboxWatcher.Tools(connector, intake, repository, timer, settings, clock, hostName() + "/" + UUID.randomUUID());
        started = true;
        long every = settings.reconcileInterval().toMillis();
        timer.scheduleWithFixedDelay(this::reconcile, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        started = false;
        if (timer != null) {
            timer.shutdownNow();
        }
        running.values().forEach(w -> w.stop(true));
        running.clear();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Starts watchers for new or changed enabled mailboxes and stops the others'. */
    synchronized void reconcile() {
        if (!started) {
            return;
        }
        try {
            Map<UUID, MailboxSettings> wanted = new HashMap<>();
            TenantContext.callAsSystem(repository::enabled).forEach(m -> wanted.put(m.id(), m));
            running.values().removeIf(w -> {
                MailboxSettings now = wanted.get(w.mailbox().id());
                if (now == null || now.version() != w.mailbox().version()) {
                    w.stop(now == null);
                    return true;
                }
                return false;
            });
            wanted.values().forEach(m -> running.computeIfAbsent(m.id(), id -> {
                MailboxWatcher w = new MailboxWatcher(m, tools);
                Thread.ofVirtual().name("mailbox-" + m.name()).start(w);
                return w;
            }));
        } catch (RuntimeException e) {
            log.error("Could not read the mailboxes to watch; trying again in {}", settings.reconcileInterval(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
