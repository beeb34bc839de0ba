package dev.weft.workers.llm.routing;

import java.util.Locale;

/** What a call does when its model fails (header {@code fallback} of {@code weft.llm}). */
public enum FallbackMode {
    /** Walk the route's fallback chain; end in the extractive model only if the route says so. */
    CHAIN,
    /** Walk the chain, then always end in the extractive model. */
    EXTRACTIVE,
    /** Only the chosen model. */
    NONE;

    public static FallbackMode fromWire(String s) {
        if (s == null || s.isBlank()) {
            return CHAIN;
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fallback: must be chain, extractive or none; got '" + s + "'");
        }
    }
}
