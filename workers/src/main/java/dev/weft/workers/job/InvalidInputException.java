package dev.weft.workers.job;

/**
 * A header or input variable is missing or wrong. The job fails without retries (retrying cannot fix a flow's
 * configuration), so an incident names {@link #field()} and the BPMN element.
 */
public final class InvalidInputException extends IllegalArgumentException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
