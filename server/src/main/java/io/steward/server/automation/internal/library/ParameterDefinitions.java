package io.steward.server.automation.internal.library;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.steward.protocol.task.Parameter;
import io.steward.server.automation.ScriptCatalog.ParameterDefinition;
import io.steward.server.automation.ScriptCatalog.ParameterType;

/**
 * Decides whether a script version's parameter definitions make sense, and puts them in their stored form. Plain Java.
 * Errors are collected per field ({@code parameters[i].name}, {@code .pattern}, ...) so a form shows all of them.
 * <ul>
 * <li>Names are identifiers ({@link Parameter#NAME}), unique regardless of case (Windows' environment is
 * case-insensitive), and never a variable that changes how a process or interpreter starts (PATH, LD_PRELOAD, ...):
 * a value chosen at request time must not be able to load code of its own.</li>
 * <li>A SECRET always reaches the script as an environment variable (delivery SECRET) and has no default, which would
 * be stored in the clear; other types are delivered as an ARGUMENT (default) or ENVIRONMENT.</li>
 * <li>A STRING's pattern compiles, is at most 200 characters and does not look catastrophic: no back-references and
 * no repeated group that itself contains a repetition (such as {@code (a+)+}), the shapes that make a regular
 * expression take exponential time.</li>
 * <li>An INTEGER's range has min &le; max; a CHOICE has 1 to 50 distinct one-line choices; a default must itself be a
 * valid value.</li>
 * </ul>
 */
public final class ParameterDefinitions {
    public static final int MAX_PARAMETERS = 30;
    public static final int MAX_PATTERN = 200;
    /** Environment variables that decide how a process, a loader or an interpreter starts. */
    private static final Set<String> RESERVED = Set.of("PATH", "PATHEXT", "IFS", "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS4", "HOME",
            "SHELL", "USER", "LOGNAME", "TMP", "TEMP", "TMPDIR", "COMSPEC", "SYSTEMROOT", "WINDIR", "PSMODULEPATH", "NODE_OPTIONS",
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "GLOBIGNORE", "CDPATH", "PROMPT_COMMAND");
    private static final List<String> RESERVED_PREFIXES = List.of("LD_", "DYLD_", "PYTHON", "PERL", "RUBY", "BASH_FUNC");

    private ParameterDefinitions() {
    }

    /** The definitions as stored, or every error under its field name (an empty map when there are definitions). */
    public record Outcome(List<ParameterDefinition> definitions, Map<String, String> errors) {
    }

    public static Outcome check(List<ParameterDefinition> given) {
        List<ParameterDefinition> in = given == null ? List.of() : given;
        Map<String, String> errors = new LinkedHashMap<>();
        if (in.size() > MAX_PARAMETERS) {
            errors.put("parameters", "At most " + MAX_PARAMETERS + " parameters.");
            return new Outcome(List.of(), errors);
        }
        List<ParameterDefinition> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            String f = "parameters[" + i + "].";
            ParameterDefinition d = in.get(i);
            if (d == null) {
                errors.put("parameters[" + i + "]", "Empty parameter.");
                continue;
            }
            int before = errors.size();
            String name = d.name() == null ? "" : d.name().strip();
            if (!Parameter.NAME.matcher(name).matches()) {
                errors.put(f + "name", "A name of letters, digits and _ that does not start with a digit (at most 64).");
            } else if (!seen.add(name.toUpperCase(Locale.ROOT))) {
                errors.put(f + "name", "Another parameter has this name.");
            } else if (reserved(name)) {
                errors.put(f + "name", name + " decides how programs start; choose another name.");
            }
            String label = d.label() == null || d.label().isBlank() ? name : d.label().strip();
            if (label.length() > 120) {
                errors.put(f + "label", "At most 120 characters.");
            }
            ParameterType type = d.type();
            if (type == null) {
                errors.put(f + "type", "Choose a type.");
                continue;
            }
            Parameter.Delivery delivery = d.delivery() == null ? Parameter.Delivery.ARGUMENT : d.delivery();
            if (type == ParameterType.SECRET) {
                delivery = Parameter.Delivery.SECRET;
            } else if (delivery == Parameter.Delivery.SECRET) {
                errors.put(f + "delivery", "Only a SECRET parameter is delivered as a secret; choose ARGUMENT or ENVIRONMENT.");
            }
            String pattern = blankToNull(d.pattern());
            Long min = d.min();
            Long max = d.max();
            List<String> choices = d.choices() == null ? null : d.choices().stream().map(c -> c == null ? "" : c).toList();
            if (type != ParameterType.STRING && pattern != null) {
                errors.put(f + "pattern", "Only a STRING parameter has a pattern.");
            }
            if (type != ParameterType.INTEGER && (min != null || max != null)) {
                errors.put(f + (min != null ? "min" : "max"), "Only an INTEGER parameter has a range.");
            }
            if (type != ParameterType.CHOICE && choices != null && !choices.isEmpty()) {
                errors.put(f + "choices", "Only a CHOICE parameter has choices.");
            }
            switch (type) {
                case STRING -> {
                    String problem = pattern == null ? null : patternProblem(pattern);
                    if (problem != null) {
                        errors.put(f + "pattern", problem);
                    }
                }
                case INTEGER -> {
                    if (min != null && max != null && min > max) {
                        errors.put(f + "max", "The largest value is below the smallest.");
                    }
                }
                case CHOICE -> {
                    String problem = choicesProblem(choices);
                    if (problem != null) {
                        errors.put(f + "choices", problem);
                    }
                }
                default -> {
                }
            }
            String def = d.defaultValue() == null || d.defaultValue().isEmpty() ? null : d.defaultValue();
            if (type == ParameterType.SECRET && def != null) {
                errors.put(f + "defaultValue", "A secret has no default: it would be stored and shown in the clear.");
            }
            ParameterDefinition normal = new ParameterDefinition(name, label, type, delivery, d.required(), def, pattern,
                    type == ParameterType.INTEGER ? min : null, type == ParameterType.INTEGER ? max : null,
                    type == ParameterType.CHOICE ? (choices == null ? List.of() : List.copyOf(choices)) : null);
            if (errors.size() == before && def != null && type != ParameterType.SECRET) {
                ParameterValues.Checked c = ParameterValues.check(normal, def);
                if (c.error() != null) {
                    errors.put(f + "defaultValue", "The default is not a valid value: " + c.error());
                } else {
                    normal = new ParameterDefinition(name, label, type, delivery, d.required(), c.value(), pattern, normal.min(), normal.max(),
                            normal.choices());
                }
            }
            out.add(normal);
        }
        return new Outcome(errors.isEmpty() ? List.copyOf(out) : List.of(), errors);
    }

    static boolean reserved(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return RESERVED.contains(upper) || RESERVED_PREFIXES.stream().anyMatch(upper::startsWith);
    }

    private static String choicesProblem(List<String> choices) {
        if (choices == null || choices.isEmpty()) {
            return "List the choices.";
        }
        if (choices.size() > 50) {
            return "At most 50 choices.";
        }
        if (new HashSet<>(choices).size() != choices.size()) {
            return "Each choice once.";
        }
        for (String c : choices) {
            if (c.isEmpty() || c.length() > 200 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0 || c.indexOf('\0') >= 0) {
                return "Each choice is one line of 1 to 200 characters.";
            }
        }
        return null;
    }

    /** Why a pattern is refused, or null when it is acceptable. */
    public static String patternProblem(String pattern) {
        if (pattern.length() > MAX_PATTERN) {
            return "At most " + MAX_PATTERN + " characters.";
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return "Not a valid regular expression: " + e.getDescription() + ".";
        }
        return catastrophic(pattern) ? "This pattern could take exponential time (a repeated group that repeats inside, or a "
                + "back-reference); write it without nesting repetitions." : null;
    }

    /**
     * Whether the pattern has a shape known for catastrophic backtracking: a back-reference, or a group followed by a
     * repetition ({@code *}, {@code +}, <code>{n,}</code>) that contains a repetition itself or alternatives. Conservative:
     * it refuses some harmless patterns rather than let a slow one through.
     */
    static boolean catastrophic(String p) {
        Deque<boolean[]> groups = new ArrayDeque<>(); // per open group: [contains repetition or alternation]
        boolean lastGroupRisky = false;
        boolean lastWasGroup = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 < p.length() && (Character.isDigit(p.charAt(i + 1)) && p.charAt(i + 1) != '0' || p.charAt(i + 1) == 'k')) {
                    return true;
                }
                i++;
                lastWasGroup = false;
                continue;
            }
            if (c == '[') {
                i = endOfClass(p, i);
                lastWasGroup = false;
                continue;
            }
            if (c == '(') {
                groups.push(new boolean[] {false});
                lastWasGroup = false;
                continue;
            }
            if (c == ')') {
                boolean[] g = groups.isEmpty() ? new boolean[] {false} : groups.pop();
                lastGroupRisky = g[0];
                lastWasGroup = true;
                if (!groups.isEmpty() && g[0]) {
                    groups.peek()[0] = true;
                }
                continue;
            }
            boolean unbounded = c == '*' || c == '+' || (c == '{' && unboundedBrace(p, i));
            if (unbounded || c == '|' || c == '{') {
                if (lastWasGroup && lastGroupRisky && (unbounded || c == '{')) {
                    return true;
                }
                if (!groups.isEmpty()) {
                    groups.peek()[0] = true;
                }
            }
            lastWasGroup = false;
        }
        return false;
    }

    private static boolean unboundedBrace(String p, int i) {
        int close = p.indexOf('}', i);
        if (close < 0) {
            return false;
        }
        String inside = p.substring(i + 1, close);
        if (inside.endsWith(",")) {
            return true;
        }
        int comma = inside.indexOf(',');
        try {
            return comma >= 0 && Integer.parseInt(inside.substring(comma + 1).strip()) > 10;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int endOfClass(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = endOfClass(p, i);
            } else if (c == ']') {
                return i;
            }
        }
        return p.length() - 1;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
