package dev.weft.workers.llm.provider;

/** Carries an {@link LlmFailure} through code that cannot return it as a value. */
public final class LlmException extends RuntimeException {

    private final transient LlmFailure failure;

    public LlmException(LlmFailure failure) {
        this(failure, null);
    }

    public LlmException(LlmFailure failure, Throwable cause) {
        super(failure.errorClass() + ": " + failure.message(), cause, false, false);
        this.failure = failure;
    }

    public LlmFailure failure() {
        return failure;
    }
}
