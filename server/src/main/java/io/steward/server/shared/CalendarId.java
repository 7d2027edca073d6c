package io.steward.server.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** Identifier of a coverage calendar; never reused. */
public record CalendarId(@JsonValue UUID value) implements Serializable {
    public CalendarId {
        Objects.requireNonNull(value, "value");
    }

    public static CalendarId random() {
        return new CalendarId(UUID.randomUUID());
    }

    public static CalendarId parse(String text) {
        return new CalendarId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
