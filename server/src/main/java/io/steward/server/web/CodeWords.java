package io.steward.server.web;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides the words people read for a code: an enum's own {@code word()} or {@code label()} where it has one,
 * otherwise the code in sentence case ({@code SERVICE_REQUEST} reads "Service request", {@code FULLY_MANAGED}
 * "Fully managed"), keeping known abbreviations upper case ("SLA breached"). Priorities such as P1 and text that is
 * not a code stay as they are.
 */
public final class CodeWords {
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");
    private static final Pattern KEEP = Pattern.compile("[A-Z][0-9]+");
    private static final Set<String> ABBREVIATIONS = Set.of("SLA", "MSP", "API", "HTTP", "HTTPS", "OS", "CPU", "IP", "URL", "TLS",
            "DNS", "VPN", "PDF", "CSV", "TOTP", "MFA", "ID", "UTC", "RMM", "PSA", "SMART", "PSU");
    /** Lower-case names of systems and interpreters the script library keeps, as people write them. */
    private static final java.util.Map<String, String> NAMES = java.util.Map.of("linux", "Linux", "macos", "macOS", "windows", "Windows",
            "bash", "Bash", "sh", "sh (POSIX shell)", "powershell", "PowerShell", "python", "Python");
    private static final Set<String> CODED_FIELDS = Set.of("status", "stage", "type", "impact", "urgency", "priority", "severity",
            "state", "kind", "source", "change_outcome", "change_risk", "outcome", "risk");
    private static final ClassValue<Optional<Method>> WORD = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            for (String name : new String[] {"word", "label"}) {
                try {
                    Method m = type.getMethod(name);
                    if (m.getReturnType() == String.class && !Modifier.isStatic(m.getModifiers())) {
                        return Optional.of(m);
                    }
                } catch (NoSuchMethodException e) {
                    // try the next name
                }
            }
            return Optional.empty();
        }
    };

    private CodeWords() {
    }

    /** The words for an enum constant or a code string; null reads "—". */
    public static String of(Object code) {
        if (code == null) {
            return "—";
        }
        if (code instanceof Enum<?> e) {
            Optional<Method> own = WORD.get(e.getDeclaringClass());
            if (own.isPresent()) {
                try {
                    return sentence((String) own.get().invoke(e));
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException("cannot read the words of " + e, ex);
                }
            }
            return ofCode(e.name());
        }
        return ofCode(code.toString());
    }

    /**
     * A recorded value of a named field: in words where the field holds codes (status, stage, type, impact, urgency,
     * priority, a change's risk and outcome), unchanged where it holds people's text, so a title "UPS" stays "UPS".
     */
    public static String ofField(String field, String value) {
        if (value == null) {
            return "—";
        }
        return field != null && CODED_FIELDS.contains(field) ? ofCode(value) : value;
    }

    /** A code string in words; text that is not an upper-case code is returned unchanged. */
    public static String ofCode(String code) {
        String name = NAMES.get(code);
        if (name != null) {
            return name;
        }
        if (!CODE.matcher(code).matches() || KEEP.matcher(code).matches() || (ABBREVIATIONS.contains(code))) {
            return code;
        }
        String[] parts = code.split("_");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i > 0) {
                out.append(' ');
            }
            if (ABBREVIATIONS.contains(p) || KEEP.matcher(p).matches()) {
                out.append(p);
            } else {
                String lower = p.toLowerCase(Locale.ROOT);
                out.append(i == 0 ? Character.toUpperCase(lower.charAt(0)) + lower.substring(1) : lower);
            }
        }
        return out.toString();
    }

    /** An enum's own word, starting with a capital as a table cell or badge does ("response" reads "Response"). */
    private static String sentence(String word) {
        return word == null || word.isEmpty() ? "—" : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
