package dev.weft.engine.api;

import java.util.List;
import java.util.Objects;

/**
 * One condition of a search beyond the typed filter fields: the Camunda v2 advanced filter operators. The field is
 * the v2 property name (e.g. {@code processDefinitionId}, {@code startDate}); which fields a search knows is
 * decided by the read model, which refuses others by name.
 *
 * @param value for {@link Op#IN} / {@link Op#NOT_IN} a non-empty list, for {@link Op#EXISTS} a Boolean, for
 *              {@link Op#OR} a non-empty list of criterion lists (the field is {@code $or}), else one
 *              value: a String, a Long (keys, numbers), a Boolean, or an {@link java.time.Instant} (dates)
 */
public record Criterion(String field, Op op, Object value) {

    /** The operators of the v2 API ({@code $eq}, {@code $neq}, ...). */
    public enum Op {
        EQ("$eq"), NEQ("$neq"), EXISTS("$exists"), IN("$in"), NOT_IN("$notIn"), LIKE("$like"),
        GT("$gt"), GTE("$gte"), LT("$lt"), LTE("$lte"),
        /** Any of several groups of criteria holds; {@code value} is a non-empty list of criterion lists. */
        OR("$or");

        private final String wire;

        Op(String wire) {
            this.wire = wire;
        }

        /** The operator as written in a request. */
        public String wire() {
            return wire;
        }
    }

    public Criterion {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if ((op == Op.IN || op == Op.NOT_IN) && !(value instanceof List<?> l && !l.isEmpty())) {
            throw new IllegalArgumentException("Expected " + op.wire() + " of '" + field + "' to be a non-empty list");
        }
        if (op == Op.OR && !(value instanceof List<?> groups && !groups.isEmpty()
                && groups.stream().allMatch(g -> g instanceof List<?> l && l.stream().allMatch(Criterion.class::isInstance)))) {
            throw new IllegalArgumentException("Expected $or to be a non-empty list of criterion lists");
        }
        if (op == Op.EXISTS && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("Expected $exists of '" + field + "' to be a boolean");
        }
    }
}
