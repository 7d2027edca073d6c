package io.steward.server.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.notify.internal.PreferenceRepository;
import io.steward.server.notify.internal.PreferenceRepository.Choice;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user's notification preferences: per {@link NotificationKind}, in the app and by email. A kind turned off in the
 * app is not written at all; the email choice is kept for the email channel, which does not send yet.
 */
@Service
public class NotificationPreferences {
    private final PreferenceRepository repository;

    public NotificationPreferences(PreferenceRepository repository) {
        this.repository = repository;
    }

    /** Every kind, in the order of {@link NotificationKind}, with the viewer's choice or the kind's default. */
    @Transactional(readOnly = true)
    public List<NotificationPreference> of(Viewer viewer) {
        Map<String, Choice> stored = repository.of(viewer.userId());
        List<NotificationPreference> all = new ArrayList<>();
        for (NotificationKind k : NotificationKind.values()) {
            Choice c = stored.getOrDefault(k.name(), new Choice(true, k.emailByDefault()));
            all.add(new NotificationPreference(k.name(), k.label(), k.description(), c.inApp(), c.email()));
        }
        return all;
    }

    /** Changes the given kinds, all or none: an unknown kind refuses the whole change. */
    @Transactional
    public List<NotificationPreference> change(Viewer viewer, List<NotificationPreferenceChange> changes) {
        if (viewer.readOnly()) {
            throw new ForbiddenException("This API token is read-only.");
        }
        if (changes == null || changes.isEmpty()) {
            throw new InvalidInputException("kind", "Give at least one kind to change.");
        }
        Map<String, NotificationPreference> current = new LinkedHashMap<>();
        of(viewer).forEach(p -> current.put(p.kind(), p));
        Map<String, Choice> next = new LinkedHashMap<>();
        for (NotificationPreferenceChange c : changes) {
            if (c == null || c.kind() == null || NotificationKind.of(c.kind()).isEmpty()) {
                throw new InvalidInputException("kind", "Unknown kind " + (c == null ? null : c.kind()) + "; the kinds are "
                        + String.join(", ", current.keySet()) + ".");
            }
            NotificationPreference was = current.get(c.kind());
            Choice before = next.getOrDefault(c.kind(), new Choice(was.inApp(), was.email()));
            next.put(c.kind(), new Choice(c.inApp() == null ? before.inApp() : c.inApp(), c.email() == null ? before.email() : c.email()));
        }
        next.forEach((kind, choice) -> repository.save(viewer.userId(), kind, choice));
        return of(viewer);
    }
}
