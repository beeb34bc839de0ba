package dev.weft.workers.rag.retrieve;

import java.util.Locale;

/** {@code vector}: nearest neighbours only. {@code hybrid}: full-text and vector results fused by reciprocal rank. */
public enum SearchMode {
    VECTOR, HYBRID;

    public static SearchMode fromWire(String s) {
        if (s == null || s.isBlank()) {
            return HYBRID;
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode: must be vector or hybrid; got '" + s + "'");
        }
    }
}
