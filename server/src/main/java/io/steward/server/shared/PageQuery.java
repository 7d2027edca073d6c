package io.steward.server.shared;

import java.util.Locale;
import java.util.Map;

/**
 * A validated page request: zero-based page, bounded size, and a sort column taken from an
 * allow-list (the SQL fragment comes from the allow-list, never from the request).
 */
public record PageQuery(int page, int size, String orderBy) {
    public static final int MAX_SIZE = 200;
    public static final int DEFAULT_SIZE = 25;

    /**
     * @param sort    the caller's {@code field} or {@code field,asc|desc}; null for the default
     * @param allowed sortable field name to SQL expression
     */
    public static PageQuery of(Integer page, Integer size, String sort, Map<String, String> allowed, String defaultSort) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw new InvalidInputException("page", "page must be 0 or more");
        }
        if (p > 1_000_000) {
            throw new InvalidInputException("page", "page must be at most 1000000");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new InvalidInputException("size", "size must be between 1 and " + MAX_SIZE);
        }
        String spec = (sort == null || sort.isBlank()) ? defaultSort : sort.trim();
        String[] parts = spec.split(",", -1);
        String column = allowed.get(parts[0]);
        if (column == null || parts.length > 2) {
            throw new InvalidInputException("sort", "sort must be one of " + String.join(", ", allowed.keySet().stream().sorted().toList())
                    + ", optionally followed by ,asc or ,desc");
        }
        String direction = "ASC";
        if (parts.length == 2) {
            direction = switch (parts[1].toLowerCase(Locale.ROOT)) {
                case "asc" -> "ASC";
                case "desc" -> "DESC";
                default -> throw new InvalidInputException("sort", "sort direction must be asc or desc");
            };
        }
        return new PageQuery(p, s, column + " " + direction);
    }

    public long offset() {
        return (long) page * size;
    }
}
