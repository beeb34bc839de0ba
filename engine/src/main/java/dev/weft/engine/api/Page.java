package dev.weft.engine.api;

/**
 * Offset paging for searches; results are ordered by key ascending (i.e. creation order).
 *
 * @param from  items to skip
 * @param limit maximum items to return (1..1000)
 */
public record Page(int from, int limit) {

    public static final Page DEFAULT = new Page(0, 100);

    public Page {
        if (from < 0) {
            throw new IllegalArgumentException("Expected page.from to be >= 0, but was " + from);
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("Expected page.limit to be between 1 and 1000, but was " + limit);
        }
    }
}
