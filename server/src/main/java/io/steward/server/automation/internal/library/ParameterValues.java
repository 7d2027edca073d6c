package io.steward.server.automation.internal.library;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.automation.RefusedFields;
import io.steward.server.automation.ScriptCatalog.ParameterDefinition;
import io.steward.server.automation.ScriptCatalog.ResolvedParameters;

/**
 * Decides whether a task's parameter values fit a script version's definitions, and turns them into what is signed.
 * Plain Java: the same answer for the same input, whoever asks.
 * <ul>
 * <li>A missing or empty value takes the definition's default; without one a required parameter is an error.</li>
 * <li>STRING: one line, and the whole value matches the pattern when there is one.</li>
 * <li>INTEGER: a whole number inside the range, signed in its canonical form ({@code +007} becomes {@code 7}).</li>
 * <li>BOOLEAN: {@code true} or {@code false}. CHOICE: exactly one of the choices.</li>
 * <li>SECRET: signed as {@link TaskSpec#secretHash} of task, name and value; the value itself is returned apart.</li>
 * <li>An absent optional ARGUMENT is passed as an empty string so later arguments keep their positions; an absent
 * optional environment variable or secret is not set at all.</li>
 * </ul>
 * Every bad value is reported at once, under {@code parameters.<name>}; names the version does not declare are errors.
 */
public final class ParameterValues {
    /** The longest value a parameter takes; also bounds the work of matching a pattern. */
    public static final int MAX_VALUE = 4096;
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,19}");

    private ParameterValues() {
    }

    public static ResolvedParameters resolve(List<ParameterDefinition> definitions, UUID taskId, Map<String, String> values) {
        Map<String, String> given = values == null ? Map.of() : values;
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : given.keySet()) {
            if (definitions.stream().noneMatch(d -> d.name().equals(name))) {
                errors.put("parameters." + shown(name), "This script has no parameter of this name.");
            }
        }
        List<Parameter> signed = new ArrayList<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (ParameterDefinition d : definitions) {
            String raw = given.get(d.name());
            if (raw == null || raw.isEmpty()) {
                raw = d.type() == io.steward.server.automation.ScriptCatalog.ParameterType.SECRET ? null : d.defaultValue();
            }
            if (raw == null || raw.isEmpty()) {
                if (d.required()) {
                    errors.put("parameters." + d.name(), "A value is required.");
                } else if (d.delivery() == Parameter.Delivery.ARGUMENT) {
                    signed.add(new Parameter(d.name(), Parameter.Delivery.ARGUMENT, ""));
                }
                continue;
            }
            Checked c = check(d, raw);
            if (c.error() != null) {
                errors.put("parameters." + d.name(), c.error());
            } else if (d.type() == io.steward.server.automation.ScriptCatalog.ParameterType.SECRET) {
                signed.add(new Parameter(d.name(), Parameter.Delivery.SECRET, TaskSpec.secretHash(taskId, d.name(), c.value())));
                secrets.put(d.name(), c.value());
            } else {
                signed.add(new Parameter(d.name(), d.delivery(), c.value()));
            }
        }
        RefusedFields.throwIfAny(errors);
        return new ResolvedParameters(List.copyOf(signed), java.util.Collections.unmodifiableMap(secrets));
    }

    /** A value checked against one definition: the canonical value, or the reason it is refused. */
    public record Checked(String value, String error) {
        static Checked ok(String value) {
            return new Checked(value, null);
        }

        static Checked refused(String error) {
            return new Checked(null, error);
        }
    }

    /** Checks one non-empty value against its definition. */
    public static Checked check(ParameterDefinition d, String raw) {
        if (raw.length() > MAX_VALUE) {
            return Checked.refused("At most " + MAX_VALUE + " characters.");
        }
        if (raw.indexOf('\0') >= 0) {
            return Checked.refused("A value cannot contain a NUL character.");
        }
        return switch (d.type()) {
            case STRING -> {
                if (raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0) {
                    yield Checked.refused("A single line, please.");
                }
                if (d.pattern() != null && !d.pattern().isEmpty() && !Pattern.compile(d.pattern()).matcher(raw).matches()) {
                    yield Checked.refused("Must match " + d.pattern() + ".");
                }
                yield Checked.ok(raw);
            }
            case INTEGER -> {
                if (!INTEGER.matcher(raw).matches()) {
                    yield Checked.refused("A whole number, please.");
                }
                long n;
                try {
                    n = Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    yield Checked.refused("A whole number, please.");
                }
                if ((d.min() != null && n < d.min()) || (d.max() != null && n > d.max())) {
                    yield Checked.refused(range(d));
                }
                yield Checked.ok(Long.toString(n));
            }
            case BOOLEAN -> switch (raw) {
                case "true", "false" -> Checked.ok(raw);
                default -> Checked.refused("true or false.");
            };
            case CHOICE -> d.choices() != null && d.choices().contains(raw) ? Checked.ok(raw)
                    : Checked.refused("One of: " + String.join(", ", d.choices() == null ? List.of() : d.choices()) + ".");
            case SECRET -> Checked.ok(raw);
        };
    }

    private static String range(ParameterDefinition d) {
        if (d.min() != null && d.max() != null) {
            return "Between " + d.min() + " and " + d.max() + ".";
        }
        return d.min() != null ? "At least " + d.min() + "." : "At most " + d.max() + ".";
    }

    /** A name as it may appear in a field name: names the version does not declare come from the caller. */
    private static String shown(String name) {
        String s = name == null ? "" : name;
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
