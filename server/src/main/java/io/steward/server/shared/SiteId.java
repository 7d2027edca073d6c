package io.steward.server.shared;

import java.io.Serializable;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of a site; never reused. */
public record SiteId(@JsonValue UUID value) implements Serializable {
    public SiteId {
        Objects.requireNonNull(value, "value");
    }

    public static SiteId random() {
        return new SiteId(UUID.randomUUID());
    }

    public static SiteId parse(String text) {
        return new SiteId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
