package dev.weft.workers.llm.routing;

import java.util.Locale;

/** How {@code weft.model-select} picks among a route's healthy, capable targets. */
public enum Policy {
    /** Random by the route's weights (canary splits). */
    WEIGHTED,
    /** The smallest latency average from live traffic; unmeasured models come last. */
    LOWEST_LATENCY,
    /** The lowest input + output price among models that meet the requirements. */
    CHEAPEST_CAPABLE,
    /** Only targets carrying all requested tags, then by weight. */
    TAGS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Policy fromWire(String s) {
        if (s == null || s.isBlank()) {
            return WEIGHTED;
        }
        for (Policy p : values()) {
            if (p.wire().equals(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("policy: must be one of weighted, lowest-latency, cheapest-capable, tags; got '" + s + "'");
    }
}
