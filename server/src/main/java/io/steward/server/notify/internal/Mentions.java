package io.steward.server.notify.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds who an internal note mentions. The rule: {@code @} at the start of a word, followed by either the local part of
 * a staff member's email ({@code @dana.reyes} for dana.reyes@msp.example) or their first name ({@code @Dana}) when no
 * other candidate has that first name; case does not matter, punctuation after the name ends it. An address such as
 * name@example.com in the text is not a mention (the {@code @} follows a letter).
 */
final class Mentions {
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}._%+-])@([\\p{L}\\p{N}][\\p{L}\\p{N}._+-]*)");

    private Mentions() {
    }

    /** The ids of the {@code candidates} the text mentions, in the order first mentioned. */
    static Set<UUID> in(String text, List<Audience.Staff> candidates) {
        Set<UUID> found = new LinkedHashSet<>();
        if (text == null || text.indexOf('@') < 0) {
            return found;
        }
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            String token = m.group(1).replaceAll("[._+-]+$", "").toLowerCase(Locale.ROOT);
            if (token.isEmpty()) {
                continue;
            }
            List<Audience.Staff> byEmail = candidates.stream().filter(s -> localPart(s.email()).equals(token)).toList();
            List<Audience.Staff> byFirstName = candidates.stream().filter(s -> firstName(s.displayName()).equals(token)).toList();
            if (!byEmail.isEmpty()) {
                byEmail.forEach(s -> found.add(s.id()));
            } else if (byFirstName.size() == 1) {
                found.add(byFirstName.getFirst().id());
            }
        }
        return found;
    }

    private static String localPart(String email) {
        int at = email.lastIndexOf('@');
        return (at < 0 ? email : email.substring(0, at)).toLowerCase(Locale.ROOT);
    }

    private static String firstName(String displayName) {
        String trimmed = displayName.strip();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
    }
}
