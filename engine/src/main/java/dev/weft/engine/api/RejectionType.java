package dev.weft.engine.api;

/**
 * Why the engine refused a command. A closed set; every value maps to one gRPC status and one HTTP status so the
 * protocol layers never have to guess.
 */
public enum RejectionType {
    /** The command itself is wrong: malformed BPMN, bad variables, a negative retry count. */
    INVALID_ARGUMENT("INVALID_ARGUMENT", 400),
    /** A key names nothing the engine knows (job, instance, incident, definition ...). */
    NOT_FOUND("NOT_FOUND", 404),
    /** The entity exists but is in a state that does not allow the command (e.g. completing a job that is not activated). */
    INVALID_STATE("FAILED_PRECONDITION", 409),
    /** The entity would be created twice (e.g. a message with the same id is still buffered). */
    ALREADY_EXISTS("ALREADY_EXISTS", 409),
    /** Backpressure: too many commands in flight; the client should retry later. */
    EXHAUSTED("RESOURCE_EXHAUSTED", 429),
    /** The engine is starting or shutting down and does not take commands. */
    UNAVAILABLE("UNAVAILABLE", 503);

    private final String grpcCode;
    private final int httpStatus;

    RejectionType(String grpcCode, int httpStatus) {
        this.grpcCode = grpcCode;
        this.httpStatus = httpStatus;
    }

    /** Name of the {@code io.grpc.Status.Code} constant to answer with. */
    public String grpcCode() {
        return grpcCode;
    }

    /** HTTP status code for the {@code /v2} REST API. */
    public int httpStatus() {
        return httpStatus;
    }
}
