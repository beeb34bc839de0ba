package dev.weft.workers.rag;

import java.util.Locale;

/** Vector distance of a collection, with its pgvector operator, (half-precision) index operator class and 0..1-ish score. */
public enum Distance {
    COSINE("<=>", "halfvec_cosine_ops", "1 - (%s)"),
    L2("<->", "halfvec_l2_ops", "1 / (1 + (%s))"),
    INNER_PRODUCT("<#>", "halfvec_ip_ops", "-(%s)");

    private final String operator;
    private final String opclass;
    private final String scoreTemplate;

    Distance(String operator, String opclass, String scoreTemplate) {
        this.operator = operator;
        this.opclass = opclass;
        this.scoreTemplate = scoreTemplate;
    }

    public String operator() {
        return operator;
    }

    public String opclass() {
        return opclass;
    }

    /** SQL for the score given the SQL of the distance expression. */
    public String score(String distanceSql) {
        return scoreTemplate.formatted(distanceSql);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Distance fromWire(String s) {
        if (s == null || s.isBlank()) {
            return COSINE;
        }
        for (Distance d : values()) {
            if (d.wire().equals(s.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("distance: must be cosine, l2 or inner_product; got '" + s + "'");
    }
}
