package io.steward.server.alerting;

import java.time.Instant;
import java.util.UUID;

/** A planned period in which a client's (or one device's) problems page nobody. */
public record MaintenanceWindow(UUID id, UUID clientId, UUID deviceId, Instant startsAt, Instant endsAt, String reason, String createdBy) {

    public boolean covers(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }
}
