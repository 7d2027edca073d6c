package io.steward.server.tenancy;

import java.time.Instant;

import io.steward.server.shared.ClientId;

/**
 * A client of the MSP: one tenant.
 *
 * @param portalShowsAlertTickets whether the client's portal users see the tickets monitoring opened (source ALERT); by default
 *                                they are the MSP's internal work and hidden from the client
 */
public record Client(ClientId id, String name, String timeZone, ClientStatus status, String notes, boolean portalShowsAlertTickets,
                     Instant createdAt, Instant updatedAt, int version) {
}
