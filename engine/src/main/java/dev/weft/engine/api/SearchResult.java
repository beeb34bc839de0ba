package dev.weft.engine.api;

import java.util.List;

/** One page of a search plus the total number of matches. */
public record SearchResult<T>(List<T> items, long total) {

    public SearchResult {
        items = List.copyOf(items);
    }
}
