package io.steward.server.notify.internal.webhook;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/** A webhook endpoint or delivery is visible to staff who see its client; an MSP-wide one to all staff (the service narrows it to managers). */
@Component
class WebhookPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.ofClientOrShared("webhookId", "webhook_endpoint", "client_id").forAudience(PathIdRule.Audience.STAFF),
                PathIdRule.ofClientOrShared("webhookDeliveryId", "webhook_delivery", "client_id").forAudience(PathIdRule.Audience.STAFF));
    }
}
