package dev.weft.engine.dmn;

/** A decision could not be evaluated; the message names the decision and the reason. */
public final class DecisionException extends RuntimeException {

    public DecisionException(String message) {
        super(message);
    }
}
