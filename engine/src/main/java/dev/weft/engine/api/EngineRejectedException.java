package dev.weft.engine.api;

/**
 * Carries an {@link EngineRejection} through a failed {@link java.util.concurrent.CompletableFuture}. The message is
 * the rejection's reason. No stack trace is captured: rejections are expected outcomes, not bugs.
 */
public final class EngineRejectedException extends RuntimeException {

    private final transient EngineRejection rejection;

    public EngineRejectedException(EngineRejection rejection) {
        super(rejection.reason(), null, false, false);
        this.rejection = rejection;
    }

    public EngineRejection rejection() {
        return rejection;
    }

    public RejectionType type() {
        return rejection.type();
    }
}
