package dev.weft.engine.api;

import java.util.Objects;

/**
 * An expected failure, as a value: what kind, and a sentence naming the key, field or element concerned.
 *
 * @param type   the kind of rejection; decides the protocol status
 * @param reason a human-readable sentence, safe to show to the client (never contains secrets)
 */
public record EngineRejection(RejectionType type, String reason) {

    public EngineRejection {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
    }

    public static EngineRejection invalidArgument(String reason) {
        return new EngineRejection(RejectionType.INVALID_ARGUMENT, reason);
    }

    public static EngineRejection notFound(String reason) {
        return new EngineRejection(RejectionType.NOT_FOUND, reason);
    }

    public static EngineRejection invalidState(String reason) {
        return new EngineRejection(RejectionType.INVALID_STATE, reason);
    }

    public static EngineRejection alreadyExists(String reason) {
        return new EngineRejection(RejectionType.ALREADY_EXISTS, reason);
    }

    public EngineRejectedException toException() {
        return new EngineRejectedException(this);
    }
}
