package io.steward.server.identity.internal;

import io.steward.server.shared.UserId;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/** Ends every session of a user, on all nodes (sessions live in PostgreSQL). */
@Component
public class Sessions {
    private final FindByIndexNameSessionRepository<? extends Session> repository;

    public Sessions(FindByIndexNameSessionRepository<? extends Session> repository) {
        this.repository = repository;
    }

    public int endAllOf(UserId user) {
        var sessions = repository.findByPrincipalName(user.toString());
        sessions.keySet().forEach(repository::deleteById);
        return sessions.size();
    }
}
