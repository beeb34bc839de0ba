package dev.weft.workers.llm.registry;

/** A registry entry a user wrote is wrong; {@link #field()} names the offending field (the admin API answers 400). */
public final class InvalidSpecException extends IllegalArgumentException {

    private final String field;

    public InvalidSpecException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
