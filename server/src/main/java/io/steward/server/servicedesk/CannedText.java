package io.steward.server.servicedesk;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of canned replies: {@code {{requester.firstName}}} and the others in {@link #PLACEHOLDERS}, replaced by
 * plain text. Nothing else in a reply is interpreted, and a value is inserted as it is, never read as a placeholder again.
 */
public final class CannedText {
    /** Every placeholder a canned reply may use, in the order the pages list them. */
    public static final List<String> PLACEHOLDERS = List.of("requester.firstName", "requester.lastName", "requester.name", "requester.email",
            "ticket.number", "ticket.title", "client.name", "technician.name", "technician.firstName");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}");

    private CannedText() {
    }

    /** The placeholders in {@code body} that are not known, in order of appearance; empty when all are. */
    public static Set<String> unknown(String body) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(body == null ? "" : body);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The body with each known placeholder replaced by its value ({@code ""} when the value is missing); unknown ones stay. */
    public static String expand(String body, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = PLACEHOLDERS.contains(key) ? values.getOrDefault(key, "") : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The first word of a display name ("Sam" of "Sam Tech"). */
    static String firstWord(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        String s = name.strip();
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }
}
