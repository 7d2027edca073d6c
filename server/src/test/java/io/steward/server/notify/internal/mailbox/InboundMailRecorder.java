package io.steward.server.notify.internal.mailbox;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.steward.server.notify.internal.mail.InboundMailArrived;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A listener for the tests' mailboxes only: records the mail published for a mailbox a test registered, and can be
 * told to throw for one, as a failing pipeline would. Mail of any other mailbox passes untouched, so the shared test
 * context is not changed by it.
 */
@Component
public class InboundMailRecorder {
    private final Map<UUID, List<InboundMailArrived>> seen = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /** Starts recording what is published for {@code mailbox}. */
    public void watch(UUID mailbox) {
        seen.putIfAbsent(mailbox, new CopyOnWriteArrayList<>());
        attempts.putIfAbsent(mailbox, new AtomicInteger());
    }

    /** The next {@code n} mails of {@code mailbox} make the listener throw (and so are not recorded). */
    public void failNext(UUID mailbox, int n) {
        failures.put(mailbox, new AtomicInteger(n));
    }

    public List<InboundMailArrived> mails(UUID mailbox) {
        return List.copyOf(seen.getOrDefault(mailbox, List.of()));
    }

    /** Every time a mail of {@code mailbox} reached the listener, including the ones it threw for. */
    public int attempts(UUID mailbox) {
        AtomicInteger a = attempts.get(mailbox);
        return a == null ? 0 : a.get();
    }

    @EventListener
    void on(InboundMailArrived mail) {
        List<InboundMailArrived> list = seen.get(mail.mailbox());
        if (list == null) {
            return;
        }
        attempts.get(mail.mailbox()).incrementAndGet();
        AtomicInteger fail = failures.get(mail.mailbox());
        if (fail != null && fail.getAndDecrement() > 0) {
            throw new IllegalStateException("the test's listener refuses this mail");
        }
        list.add(mail);
    }
}
