package dev.weft.workers.llm.routing;

/** The name is neither a route alias nor a model id: a configuration mistake, so the job fails with this message. */
public final class UnknownModelException extends IllegalArgumentException {

    public UnknownModelException(String name) {
        super("model: '" + name + "' is neither a route alias nor a registry model id");
    }
}
