package dev.weft.workers.llm.registry;

/** A delete that would leave dangling references (the admin API answers 409). */
public final class InUseException extends RuntimeException {

    public InUseException(String message) {
        super(message);
    }
}
