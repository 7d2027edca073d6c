package io.steward.server.identity.internal;

import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.Ids;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.Role;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** User ids are visible to MSP admins (within scope); token ids only to the token's owner. */
@Component
class IdentityIdGuard implements PathIdGuard {
    private final UserRepository users;
    private final JdbcClient jdbc;

    IdentityIdGuard(UserRepository users, JdbcClient jdbc) {
        this.users = users;
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> variables() {
        return Set.of("userId", "tokenId");
    }

    @Override
    @Transactional(readOnly = true)
    public boolean visible(Viewer viewer, String variable, String value) {
        try {
            return switch (variable) {
                case "userId" -> viewer.hasRole(Role.MSP_ADMIN) && users.find(viewer.scope(), UserId.parse(value)).isPresent();
                case "tokenId" -> {
                    UUID id = Ids.parseUuid(value);
                    yield jdbc.sql("SELECT EXISTS (SELECT 1 FROM api_token WHERE id = ? AND user_id = ?)")
                            .params(id, viewer.userId().value()).query(Boolean.class).single();
                }
                default -> false;
            };
        } catch (NotFoundException malformed) {
            return false;
        }
    }
}
