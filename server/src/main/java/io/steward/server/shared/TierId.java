package io.steward.server.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** Identifier of a service tier; never reused. */
public record TierId(@JsonValue UUID value) implements Serializable {
    public TierId {
        Objects.requireNonNull(value, "value");
    }

    public static TierId random() {
        return new TierId(UUID.randomUUID());
    }

    public static TierId parse(String text) {
        return new TierId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
