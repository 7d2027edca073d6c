package io.steward.server.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Picking values out of JSON and HTML answers the way a script would. */
public final class Text {
    private Text() {
    }

    public static String jsonString(String json, String field) {
        return match(json, "\"" + field + "\":\"([^\"]+)\"");
    }

    public static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in " + text.substring(0, Math.min(text.length(), 3000))).isTrue();
        return m.group(1);
    }
}
