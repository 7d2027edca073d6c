package io.steward.server.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.steward.server.shared.ClientId;

/**
 * A failing control of a client, to be fixed by its owner (a staff user; null until someone is assigned) by the due
 * date. One Steward opened ({@code automatic}) is closed by Steward when the control passes again; any is closed by a
 * person with a note.
 */
public record Finding(UUID id, ClientId clientId, String framework, String controlId, String state, String summary, boolean automatic, UUID ownerId,
                      String ownerName, LocalDate dueOn, Instant openedAt, Instant closedAt, String closedBy, String closeNote, int version) {
    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";

    public boolean open() {
        return OPEN.equals(state);
    }
}
