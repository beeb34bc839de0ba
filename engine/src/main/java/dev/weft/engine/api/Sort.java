package dev.weft.engine.api;

import java.util.Objects;

/** One sort key of a search: a v2 property name and its direction. Searches end with the key as a tie-breaker. */
public record Sort(String field, boolean descending) {

    public Sort {
        Objects.requireNonNull(field, "field");
    }
}
