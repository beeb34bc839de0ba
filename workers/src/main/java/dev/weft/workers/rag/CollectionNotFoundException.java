package dev.weft.workers.rag;

/** {@code weft.retrieve} turns this into BPMN error {@code COLLECTION_NOT_FOUND}. */
public final class CollectionNotFoundException extends RuntimeException {

    public CollectionNotFoundException(String name) {
        super("collection '" + name + "' does not exist");
    }
}
