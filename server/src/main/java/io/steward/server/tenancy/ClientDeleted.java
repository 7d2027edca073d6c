package io.steward.server.tenancy;

import io.steward.server.shared.ClientId;

/**
 * A client was deleted, and with it (by the database's cascades) everything of theirs. Published
 * inside the deleting transaction, so a synchronous listener can drop what it keeps in memory about
 * the client's rows (such as the credentials of its devices, which must stop working at once).
 */
public record ClientDeleted(ClientId client) {
}
