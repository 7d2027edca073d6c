package io.steward.server.shared;

/** LIKE/ILIKE patterns from user text, with the wildcard characters and the escape escaped. */
public final class Like {
    private Like() {
    }

    /** The text taken literally. */
    public static String literal(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Matches values containing the trimmed text. */
    public static String contains(String text) {
        return "%" + literal(text.trim()) + "%";
    }

    /** Matches values starting with the text. */
    public static String startsWith(String text) {
        return literal(text) + "%";
    }
}
