package io.steward.server.shared;

import java.io.Serializable;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of a user; never reused. */
public record UserId(@JsonValue UUID value) implements Serializable {
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    public static UserId parse(String text) {
        return new UserId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
