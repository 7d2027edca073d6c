package io.steward.server.tenancy.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** Client, site and contact ids are visible to whoever sees the client. */
@Component
class TenancyPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.ofClient("clientId", "client", "id"),
                PathIdRule.ofClient("siteId", "site", "client_id"),
                PathIdRule.ofClient("contactId", "contact", "client_id"));
    }
}
