package io.steward.server.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** Identifier of a ticket; never reused. */
public record TicketId(@JsonValue UUID value) implements Serializable {
    public TicketId {
        Objects.requireNonNull(value, "value");
    }

    public static TicketId random() {
        return new TicketId(UUID.randomUUID());
    }

    public static TicketId parse(String text) {
        return new TicketId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
