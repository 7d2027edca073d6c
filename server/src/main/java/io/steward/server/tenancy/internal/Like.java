package io.steward.server.tenancy.internal;

/** ILIKE patterns from user text, with the wildcard characters escaped. */
final class Like {
    private Like() {
    }

    static String contains(String text) {
        return "%" + text.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
