package io.steward.protocol.task;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One parameter value of a task as it is signed: its name, how it reaches the script and its value.
 * Values reach a script as an argument (in the script's declared order) or as an environment variable of
 * the parameter's name; they are never spliced into the script's text.
 *
 * @param value the value, or for a secret the {@link TaskSpec#secretHash} of it (the value itself is never signed,
 *              logged or stored in the clear)
 */
public record Parameter(String name, Delivery delivery, String value) {
    /** Names are identifiers, usable as environment variable names on every system. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public enum Delivery {
        /** Appended to the interpreter's command line, after the script file. */
        ARGUMENT,
        /** Set as an environment variable named after the parameter. */
        ENVIRONMENT,
        /** An environment variable whose value is delivered apart from the signed order and bound to it by its hash. */
        SECRET
    }

    public Parameter {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(value, "value");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameter names are identifiers: " + name);
        }
    }

    String canonical() {
        return CanonicalText.encode(name) + ":" + delivery.name() + ":" + CanonicalText.encode(value);
    }

    static Parameter parse(String canonical) {
        String[] parts = canonical.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("malformed parameter");
        }
        return new Parameter(CanonicalText.decode(parts[0]), Delivery.valueOf(parts[1]), CanonicalText.decode(parts[2]));
    }
}
