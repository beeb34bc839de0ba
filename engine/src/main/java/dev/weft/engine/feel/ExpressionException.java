package dev.weft.engine.feel;

/** A FEEL expression failed to evaluate or produced a value of the wrong type; the message is user-facing. */
public final class ExpressionException extends RuntimeException {

    public ExpressionException(String message) {
        super(message, null, false, false);
    }
}
