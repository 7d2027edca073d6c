package io.steward.server.shared;

import java.io.Serializable;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of a contact; never reused. */
public record ContactId(@JsonValue UUID value) implements Serializable {
    public ContactId {
        Objects.requireNonNull(value, "value");
    }

    public static ContactId random() {
        return new ContactId(UUID.randomUUID());
    }

    public static ContactId parse(String text) {
        return new ContactId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
