package io.steward.server.shared;

import java.io.Serializable;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of a client; never reused. */
public record ClientId(@JsonValue UUID value) implements Serializable {
    public ClientId {
        Objects.requireNonNull(value, "value");
    }

    public static ClientId random() {
        return new ClientId(UUID.randomUUID());
    }

    public static ClientId parse(String text) {
        return new ClientId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
