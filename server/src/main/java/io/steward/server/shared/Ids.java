package io.steward.server.shared;

import java.util.UUID;

/** Parsing of ids that arrive as text from paths, forms and JSON. */
public final class Ids {
    private Ids() {
    }

    /**
     * Parses a UUID strictly. Anything that is not one becomes {@link NotFoundException}: an id that
     * cannot exist is, to the caller, the same as an id they may not see.
     */
    public static UUID parseUuid(String text) {
        if (text == null || text.length() != 36) {
            throw new NotFoundException("No such item.");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No such item.");
        }
    }
}
