package io.steward.server.alerting;

import java.util.UUID;

import io.steward.server.shared.ClientId;

/** An open external alert was reported firing again: its incident ({@code ticketId}, may be null) gets a note, no second incident. */
public record ExternalAlertRepeated(UUID alertId, ClientId clientId, UUID ticketId, String sourceName, String title, int repeats) {
}
