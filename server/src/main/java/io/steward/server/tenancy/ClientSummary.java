package io.steward.server.tenancy;

import io.steward.server.shared.ClientId;

/** Id and name, for pickers. */
public record ClientSummary(ClientId id, String name) {
}
