package io.steward.server.shared;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing and how many items the whole listing has.
 *
 * @param total      the number of items; a lower bound when {@code totalExact} is false
 * @param totalExact false when a large listing was counted only up to a bound (see the listing's documentation)
 */
public record Page<T>(List<T> items, int page, int size, long total, boolean totalExact) {

    /** A page of a listing counted exactly. */
    public Page(List<T> items, int page, int size, long total) {
        this(items, page, size, total, true);
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), page, size, total, totalExact);
    }

    public int totalPages() {
        return (int) ((total + size - 1) / size);
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
