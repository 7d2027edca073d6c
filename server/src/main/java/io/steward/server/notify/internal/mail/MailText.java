package io.steward.server.notify.internal.mail;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders in the MSP's mail texts, {@code {{ticket.title}}} and the like, replaced by plain values in one pass: a
 * value is inserted as it is and never read as a placeholder or template again, so a ticket titled
 * {@code {{link}}} or {@code ${T(java.lang.Runtime)}} stays that text. Nothing is evaluated (no Thymeleaf, no SpEL).
 */
final class MailText {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}");

    private MailText() {
    }

    /** The placeholders in {@code text} that are not in {@code known}, in order of appearance. */
    static Set<String> unknown(String text, Collection<String> known) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text == null ? "" : text);
        while (m.find()) {
            if (!known.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** {@code text} with each known placeholder replaced by its value ("" when missing); unknown ones stay as written. */
    static String expand(String text, Collection<String> known, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = known.contains(key) ? values.getOrDefault(key, "") : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** One line for a header: every run of white space (line breaks included, so nothing can add a header) becomes a space. */
    static String oneLine(String s) {
        String line = s.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
        return line.length() > 900 ? line.substring(0, 899) + "…" : line;
    }
}
