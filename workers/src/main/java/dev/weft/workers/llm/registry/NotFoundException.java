package dev.weft.workers.llm.registry;

/** A provider, model or route that does not exist (the admin API answers 404). */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String what, String id) {
        super(what + " '" + id + "' does not exist");
    }
}
