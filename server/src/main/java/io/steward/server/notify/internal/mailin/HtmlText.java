package io.steward.server.notify.internal.mailin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable text of an HTML-only mail. The result is plain text, shown escaped like any ticket text: nothing of the
 * markup survives, so nothing in it can run. Scripts, styles, the head and comments go with their content; block
 * elements become line breaks; the common entities and numeric references are decoded.
 */
public final class HtmlText {
    private static final Pattern DROPPED = Pattern.compile("(?is)<!--.*?-->|<(script|style|head|title)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern BREAKS = Pattern.compile("(?i)<\\s*(br|/p|/div|/ul|/ol|/tr|/h[1-6]|/blockquote|/table)\\b[^>]*>");
    private static final Pattern ITEMS = Pattern.compile("(?i)<\\s*li\\b[^>]*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern NUMERIC = Pattern.compile("&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});");

    private HtmlText() {
    }

    public static String of(String html) {
        if (html == null) {
            return "";
        }
        String s = DROPPED.matcher(html).replaceAll("");
        s = BREAKS.matcher(s).replaceAll("\n");
        s = ITEMS.matcher(s).replaceAll("\n- ");
        s = TAGS.matcher(s).replaceAll("");
        // A lone '<' (text such as "a < b" or a cut-off tag) is left as it is: the text is escaped where it is shown.
        s = decode(s);
        s = s.replace('\u00a0', ' ').replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\n *", "\n").replaceAll("\n{3,}", "\n\n");
        return s.strip();
    }

    private static String decode(String s) {
        Matcher m = NUMERIC.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String n = m.group(1);
            int cp = n.charAt(0) == 'x' || n.charAt(0) == 'X' ? Integer.parseInt(n.substring(1), 16) : Integer.parseInt(n);
            String repl = Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(repl));
        }
        m.appendTail(out);
        return out.toString().replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&apos;", "'").replace("&amp;", "&");
    }
}
