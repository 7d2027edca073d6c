package io.steward.server.identity;

import java.time.DateTimeException;
import java.time.ZoneId;

import io.steward.server.shared.InvalidInputException;

/**
 * Decides whether typed text names a time zone a person can mean: an IANA region such as America/New_York, or UTC.
 * Offsets like +02:00 and abbreviations like EST are refused, because they ignore daylight saving time.
 */
public final class ZoneInput {
    private ZoneInput() {
    }

    /**
     * The canonical zone id, or null for blank text (no zone of one's own).
     *
     * @throws InvalidInputException naming {@code field} when the text is not such a zone
     */
    public static String parse(String field, String text) {
        String z = text == null ? "" : text.strip();
        if (z.isEmpty()) {
            return null;
        }
        try {
            if (z.length() > 64 || (!z.contains("/") && !z.equals("UTC"))) {
                throw new DateTimeException("not a region zone");
            }
            return ZoneId.of(z).getId();
        } catch (DateTimeException e) {
            throw new InvalidInputException(field, "Enter an IANA time zone such as Europe/Berlin or America/New_York, or leave it empty.");
        }
    }
}
