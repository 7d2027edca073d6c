package io.steward.server.alerting;

import java.util.UUID;

import io.steward.server.shared.ClientId;

/** The trend behind an open disk-fill request turned: the request {@code ticketId} can be settled with {@code note}. */
public record DiskFillReverted(ClientId clientId, UUID ticketId, String note) {
}
