package io.steward.server.tenancy;

import java.time.Instant;

import io.steward.server.shared.ClientId;

/** A client of the MSP: one tenant. */
public record Client(ClientId id, String name, String timeZone, ClientStatus status, String notes, Instant createdAt,
                     Instant updatedAt, int version) {
}
