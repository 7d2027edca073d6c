package io.steward.server.notify;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.steward.server.notify.internal.NotificationRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A user's own notifications: list, count unread, mark read. */
@Service
public class NotificationService {
    private final NotificationRepository repository;
    private final Clock clock;

    public NotificationService(NotificationRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Notification> recent(Viewer viewer) {
        return repository.recent(viewer.userId());
    }

    @Transactional(readOnly = true)
    public long unread(Viewer viewer) {
        return repository.unread(viewer.userId());
    }

    @Transactional
    public void markRead(Viewer viewer, UUID id) {
        if (!repository.markRead(viewer.userId(), id, clock.instant())) {
            throw new NotFoundException("No such notification.");
        }
    }

    /**
     * Tells one user about something of a client that is not a ticket (such as a stored monthly report). Joins the
     * caller's transaction, so the notification commits with what it announces.
     */
    @Transactional
    public void send(UserId user, ClientId client, String kind, String message) {
        repository.insert(user, client, kind, message, clock.instant());
    }

    @Transactional
    public int markAllRead(Viewer viewer) {
        return repository.markAllRead(viewer.userId(), clock.instant());
    }
}
