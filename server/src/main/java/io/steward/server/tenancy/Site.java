package io.steward.server.tenancy;

import java.time.Instant;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.SiteId;

/** A location of a client; {@code timeZone} null means the client's. */
public record Site(SiteId id, ClientId clientId, String name, String address, String city, String postalCode, String country,
                   String timeZone, String notes, Instant createdAt, Instant updatedAt, int version) {
}
