package io.steward.server.identity.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRule.Audience;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** A user id in a path is for MSP admins who see the user's client (or staff users); an API token id for its owner. */
@Component
class IdentityPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.ofClientOrShared("userId", "app_user", "client_id").forAudience(Audience.MSP_ADMIN),
                PathIdRule.ofUser("tokenId", "api_token", "user_id"));
    }
}
