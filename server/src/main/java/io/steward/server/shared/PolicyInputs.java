package io.steward.server.shared;

import java.util.List;

/**
 * Checks of a policy form's fields where a blank field keeps the current value: the same words for every module's
 * policy (patching, backup, security checks), each failure a 400 naming the field.
 */
public final class PolicyInputs {
    private PolicyInputs() {
    }

    /** {@code value}, or {@code current} when none is given, within {@code min..max}. */
    public static int range(Integer value, int current, String field, int min, int max) {
        int v = value == null ? current : value;
        if (v < min || v > max) {
            throw new InvalidInputException(field, "Between " + min + " and " + max + ".");
        }
        return v;
    }

    /** {@code value} (stripped), or {@code current} when blank, one of {@code allowed}. */
    public static String choice(String value, String current, String field, List<String> allowed) {
        String v = value == null || value.isBlank() ? current : value.strip();
        if (!allowed.contains(v)) {
            throw new InvalidInputException(field, "One of " + String.join(", ", allowed) + ".");
        }
        return v;
    }
}
