package dev.weft.workers.llm.routing;

/** No healthy model satisfies the request; {@code weft.model-select} throws BPMN error {@code NO_MODEL}. */
public final class NoModelException extends RuntimeException {

    public NoModelException(String message) {
        super(message);
    }
}
