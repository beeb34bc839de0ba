package dev.weft.engine.gateway.common;

/**
 * A client sent a variables document that is not a JSON object. Carries the request field so the caller can
 * answer INVALID_ARGUMENT / 400 naming it.
 */
public final class InvalidVariablesException extends IllegalArgumentException {

    private final String field;

    public InvalidVariablesException(String field, String reason) {
        super("Property '" + field + "' is invalid: " + reason);
        this.field = field;
    }

    /** The request field that held the bad document, e.g. {@code variables}. */
    public String field() {
        return field;
    }
}
