package io.steward.server.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** Identifier of a device; never reused. */
public record DeviceId(@JsonValue UUID value) implements Serializable {
    public DeviceId {
        Objects.requireNonNull(value, "value");
    }

    public static DeviceId random() {
        return new DeviceId(UUID.randomUUID());
    }

    public static DeviceId parse(String text) {
        return new DeviceId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
