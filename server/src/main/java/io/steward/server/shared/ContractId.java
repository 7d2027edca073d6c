package io.steward.server.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonValue;

/** Identifier of a contract; never reused. */
public record ContractId(@JsonValue UUID value) implements Serializable {
    public ContractId {
        Objects.requireNonNull(value, "value");
    }

    public static ContractId random() {
        return new ContractId(UUID.randomUUID());
    }

    public static ContractId parse(String text) {
        return new ContractId(Ids.parseUuid(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
