package io.steward.server.notify.internal.mailbox;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.shared.TenantContext;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one mailbox on its own (virtual) thread until stopped: holds the mailbox's lease so that one node of a
 * cluster watches it, connects, takes the unseen mail, then waits in IMAP IDLE for the next (polling where the server
 * has no IDLE or IDLE failed), and reconnects after any failure with a jittered, growing backoff. Nothing it meets
 * escapes the thread, so a failing mailbox never stops another.
 *
 * <p>IDLE is broken every third of the lease by a NOOP from another thread, to renew the lease and to take any mail a
 * missed notification left behind.
 */
final class MailboxWatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(MailboxWatcher.class);

    /** The beans a watcher uses, shared by all. */
    record Tools(ImapConnector connector, MailboxIntake intake, MailboxRepository repository, ScheduledExecutorService timer,
                 NotifyProperties.Inbound settings, Clock clock, String node) {
    }

    private final MailboxSettings mailbox;
    private final Tools tools;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition pause = lock.newCondition();
    private volatile boolean stopped;
    private volatile boolean release = true;
    private volatile ImapConnector.Connection current;

    MailboxWatcher(MailboxSettings mailbox, Tools tools) {
        this.mailbox = mailbox;
        this.tools = tools;
    }

    MailboxSettings mailbox() {
        return mailbox;
    }

    /**
     * Asks the thread to end: closes the connection (which ends an IDLE) and wakes a wait.
     *
     * @param release whether to give up the lease (not when a new watcher of this node takes over at once)
     */
    void stop(boolean release) {
        this.release = release;
        stopped = true;
        ImapConnector.Connection c = current;
        if (c != null) {
            c.close();
        }
        lock.lock();
        try {
            pause.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        int failures = 0;
        try {
            while (!stopped) {
                if (!lease()) {
                    // Another node watches it; take over once its lease lapses.
                    sleep(renewEvery());
                    continue;
                }
                try {
                    watch();
                    failures = 0;
                } catch (MessagingException | IOException | RuntimeException e) {
                    if (stopped) {
                        break;
                    }
                    failures++;
                    String error = ImapConnector.describe(e);
                    log.warn("Mailbox {}: {} (attempt {})", mailbox.name(), error, failures);
                    record(() -> tools.repository().failed(mailbox.id(), error, tools.clock().instant()));
                    sleep(backoff(failures));
                }
            }
        } finally {
            if (release) {
                record(() -> tools.repository().release(mailbox.id(), tools.node()));
            }
        }
    }

    /** One connection, for as long as it lasts and this node keeps the lease. */
    private void watch() throws MessagingException, IOException {
        try (ImapConnector.Connection c = tools.connector().open(mailbox)) {
            current = c;
            if (stopped) {
                return;
            }
            boolean offered = c.idleSupported();
            record(() -> tools.repository().connected(mailbox.id(), offered, tools.clock().instant()));
            boolean idle = offered && tools.settings().idle();
            if (idle) {
                // A mail that arrives after a pass's SEARCH but before IDLE starts is announced (EXISTS) while IDLE is being
                // entered, which ends no IDLE: this wakes it shortly after, so such a mail waits milliseconds, not a renewal.
                c.folder().addMessageCountListener(new MessageCountAdapter() {
                    @Override
                    public void messagesAdded(MessageCountEvent e) {
                        wake(c, 100);
                    }
                });
            }
            while (!stopped) {
                int known = c.folder().getMessageCount();
                tools.intake().takeUnseen(mailbox, c.folder(), () -> !stopped);
                if (stopped || !lease()) {
                    return;
                }
                if (c.folder().getMessageCount() > known) {
                    // Mail arrived while the pass ran (its EXISTS came with the pass's own answers, so no IDLE would end
                    // for it): take it now rather than after the next renewal.
                    continue;
                }
                if (idle) {
                    idle = idleOnce(c);
                } else {
                    sleep(min(tools.settings().pollInterval(), renewEvery()));
                }
            }
        } finally {
            current = null;
        }
    }

    /** Waits in IDLE until the server tells of a change or the renewal NOOP ends it; answers false when IDLE failed. */
    private boolean idleOnce(ImapConnector.Connection c) throws MessagingException {
        ScheduledFuture<?> wake = wake(c, renewEvery().toMillis());
        try {
            c.folder().idle(true);
            return true;
        } catch (FolderClosedException | StoreClosedException e) {
            throw e;
        } catch (MessagingException e) {
            if (stopped) {
                return false;
            }
            log.info("Mailbox {}: IDLE failed ({}); polling every {} instead", mailbox.name(), e.getMessage(), tools.settings().pollInterval());
            return false;
        } finally {
            wake.cancel(false);
        }
    }

    /** A NOOP after {@code millis}, on a thread of its own: it waits for the IDLE to end, and the timer serves every box. */
    private ScheduledFuture<?> wake(ImapConnector.Connection c, long millis) {
        return tools.timer().schedule(() -> Thread.ofVirtual().name("mailbox-wake").start(() -> noop(c)), millis, TimeUnit.MILLISECONDS);
    }

    private void noop(ImapConnector.Connection c) {
        try {
            // Any command on the folder ends the IDLE first (IMAPFolder waits for it); NOOP asks nothing of the server.
            c.folder().doCommand(p -> {
                p.simpleCommand("NOOP", null);
                return null;
            });
        } catch (MessagingException | RuntimeException e) {
            // The watcher's own next command meets the same failure and reconnects.
        }
    }

    private boolean lease() {
        Instant now = tools.clock().instant();
        Boolean held = TenantContext.callAsSystem(() -> tools.repository().lease(mailbox.id(), tools.node(), now, now.plus(tools.settings().lease())));
        return Boolean.TRUE.equals(held);
    }

    private Duration renewEvery() {
        return tools.settings().lease().dividedBy(3);
    }

    /** Doubling from the minimum up to the maximum, each wait drawn from its upper half so that nodes and boxes spread out. */
    private Duration backoff(int failures) {
        long min = tools.settings().reconnectMin().toMillis();
        long max = tools.settings().reconnectMax().toMillis();
        long base = Math.min(max, min << Math.min(failures - 1, 20));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private void sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        // A lock, not a monitor: a virtual thread waiting here leaves its carrier free on every JDK from 21.
        lock.lock();
        try {
            long left;
            while (!stopped && (left = until - System.nanoTime()) > 0) {
                pause.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            lock.unlock();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void record(Runnable write) {
        try {
            TenantContext.runAsSystem(write);
        } catch (RuntimeException e) {
            log.warn("Mailbox {}: could not record its state", mailbox.name(), e);
        }
    }
}
