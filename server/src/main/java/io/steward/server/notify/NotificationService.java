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

/** A user's own notifications: list, count unread, open, mark read. */
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
        return recent(viewer, false);
    }

    /** The newest 100, or only the unread ones. */
    @Transactional(readOnly = true)
    public List<Notification> recent(Viewer viewer, boolean unreadOnly) {
        return repository.recent(viewer.userId(), unreadOnly);
    }

    @Transactional(readOnly = true)
    public long unread(Viewer viewer) {
        return repository.unread(viewer.userId());
    }

    @Transactional
    public void markRead(Viewer viewer, UUID id) {
        open(viewer, id);
    }

    /** Marks the notification read and answers the page of what it is about, or null when it has none; 404 if it is not the viewer's. */
    @Transactional
    public String open(Viewer viewer, UUID id) {
        String link = repository.markRead(viewer.userId(), id, clock.instant()).orElseThrow(() -> new NotFoundException("No such notification."));
        return link.isEmpty() ? null : link;
    }

    @Transactional
    public int markAllRead(Viewer viewer) {
        return repository.markAllRead(viewer.userId(), clock.instant());
    }
}
