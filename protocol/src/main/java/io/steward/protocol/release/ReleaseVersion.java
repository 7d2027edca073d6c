package io.steward.protocol.release;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An agent version such as {@code 0.2.0}, {@code 1.4.12} or {@code 0.2.0-SNAPSHOT}: dot-separated numbers, then
 * optionally {@code -} and a qualifier. A version with a qualifier comes before the same numbers without one
 * ({@code 0.2.0-SNAPSHOT < 0.2.0}); qualifiers compare as text. Only the characters a file name and a shell line
 * can carry as they are.
 */
public record ReleaseVersion(List<Integer> numbers, String qualifier) implements Comparable<ReleaseVersion> {
    private static final Pattern SYNTAX = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9}){0,4}(-[A-Za-z0-9.]{1,40})?");

    public ReleaseVersion {
        numbers = List.copyOf(numbers);
    }

    /** @throws IllegalArgumentException when the text is not a version */
    public static ReleaseVersion parse(String text) {
        if (text == null || !SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("not a version: " + text);
        }
        int dash = text.indexOf('-');
        String nums = dash < 0 ? text : text.substring(0, dash);
        List<Integer> n = new ArrayList<>();
        for (String part : nums.split("\\.")) {
            n.add(Integer.parseInt(part));
        }
        return new ReleaseVersion(n, dash < 0 ? "" : text.substring(dash + 1));
    }

    /** Whether the text is a version. */
    public static boolean valid(String text) {
        return text != null && SYNTAX.matcher(text).matches();
    }

    @Override
    public int compareTo(ReleaseVersion o) {
        for (int i = 0; i < Math.max(numbers.size(), o.numbers.size()); i++) {
            int a = i < numbers.size() ? numbers.get(i) : 0;
            int b = i < o.numbers.size() ? o.numbers.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        if (qualifier.isEmpty() != o.qualifier.isEmpty()) {
            return qualifier.isEmpty() ? 1 : -1;
        }
        return qualifier.compareTo(o.qualifier);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < numbers.size(); i++) {
            s.append(i == 0 ? "" : ".").append(numbers.get(i));
        }
        return qualifier.isEmpty() ? s.toString() : s + "-" + qualifier;
    }
}
