package io.steward.server.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** Identifier of an enrollment token; never reused. */
public record EnrollmentTokenId(@JsonValue UUID value) implements Serializable {
    public EnrollmentTokenId {
        Objects.requireNonNull(value, "value");
    }

    public static EnrollmentTokenId random() {
        return new EnrollmentTokenId(UUID.randomUUID());
    }

    public static EnrollmentTokenId parse(String text) {
        return new EnrollmentTokenId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
