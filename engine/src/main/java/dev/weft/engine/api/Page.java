package dev.weft.engine.api;

import java.util.List;

/**
 * Offset paging for searches; results are ordered by {@code sort}, then by key ascending (i.e. creation order).
 *
 * @param from  items to skip
 * @param limit maximum items to return (1..1000)
 * @param sort  sort keys (v2 property names), applied before the key
 */
public record Page(int from, int limit, List<Sort> sort) {

    public static final Page DEFAULT = new Page(0, 100);

    public Page(int from, int limit) {
        this(from, limit, List.of());
    }

    public Page {
        sort = List.copyOf(sort);
        if (from < 0) {
            throw new IllegalArgumentException("Expected page.from to be >= 0, but was " + from);
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("Expected page.limit to be between 1 and 1000, but was " + limit);
        }
    }
}
