package io.steward.server.notify.internal;

import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.Ids;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A notification id is visible only to the user it was written for. */
@Component
class NotificationIdGuard implements PathIdGuard {
    private final JdbcClient jdbc;

    NotificationIdGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> variables() {
        return Set.of("notificationId");
    }

    @Override
    public boolean visible(Viewer viewer, String variable, String value) {
        try {
            UUID id = Ids.parseUuid(value);
            return jdbc.sql("SELECT EXISTS (SELECT 1 FROM notification WHERE id = ? AND user_id = ?)").params(id, viewer.userId().value())
                    .query(Boolean.class).single();
        } catch (NotFoundException malformed) {
            return false;
        }
    }
}
