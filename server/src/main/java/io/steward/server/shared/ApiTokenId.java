package io.steward.server.shared;

import java.io.Serializable;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of an API token; never reused. */
public record ApiTokenId(@JsonValue UUID value) implements Serializable {
    public ApiTokenId {
        Objects.requireNonNull(value, "value");
    }

    public static ApiTokenId random() {
        return new ApiTokenId(UUID.randomUUID());
    }

    public static ApiTokenId parse(String text) {
        return new ApiTokenId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
