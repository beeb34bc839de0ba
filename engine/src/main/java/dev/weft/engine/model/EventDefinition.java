package dev.weft.engine.model;

import dev.weft.engine.feel.Expression;

/** What an event waits for or throws. A closed set; {@link None} for plain start/end/throw events. */
public sealed interface EventDefinition {

    record None() implements EventDefinition {
    }

    /** @param errorCode {@code null} on a catch event means "catch every error" */
    record Error(String errorCode) implements EventDefinition {
    }

    /**
     * An escalation. On a throw event {@code code} is a static code or a FEEL expression evaluated when the event is
     * reached; on a catch event (boundary, event sub-process start) it is static, and {@code null} means "catch every
     * escalation".
     */
    record Escalation(Expression code) implements EventDefinition {

        /** The static code of a catch event, or {@code null} for a catch-all. */
        public String catchCode() {
            return code == null ? null : code.staticValue();
        }
    }

    record Message(String name, Expression nameExpression, Expression correlationKey) implements EventDefinition {
    }

    /** Exactly one of date / duration / cycle is set. */
    record Timer(Expression date, Expression duration, Expression cycle) implements EventDefinition {
    }

    record Signal(Expression name) implements EventDefinition {
    }

    record Terminate() implements EventDefinition {
    }

    None NONE = new None();
}
