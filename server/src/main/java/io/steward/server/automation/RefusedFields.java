package io.steward.server.automation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.steward.server.shared.InvalidInputException;

/**
 * Input refused with every field at fault at once (answered 400 with all of them), so a form shows each message
 * beside its field instead of one at a time.
 */
public final class RefusedFields extends InvalidInputException {
    private final Map<String, String> errors;

    public RefusedFields(Map<String, String> errors) {
        super(first(errors).getKey(), summary(errors));
        this.errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    /** Throws when {@code errors} holds anything. */
    public static void throwIfAny(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw new RefusedFields(errors);
        }
    }

    @Override
    public Map<String, String> fieldErrors() {
        return errors;
    }

    private static Map.Entry<String, String> first(Map<String, String> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a refusal names at least one field");
        }
        return errors.entrySet().iterator().next();
    }

    private static String summary(Map<String, String> errors) {
        return errors.size() == 1 ? first(errors).getValue() : "Some fields are not valid.";
    }
}
