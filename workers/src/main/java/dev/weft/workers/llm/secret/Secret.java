package dev.weft.workers.llm.secret;

import java.util.Objects;

/** A resolved credential. Its {@link #toString()} never shows the value, so it cannot leak into logs. */
public final class Secret {

    private static final Secret NONE = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return value.isEmpty() ? NONE : new Secret(value);
    }

    /** No credential (local vLLM/Ollama usually need none). */
    public static Secret none() {
        return NONE;
    }

    public boolean isPresent() {
        return !value.isEmpty();
    }

    /** The plain value, for the one place that puts it into a request header. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return isPresent() ? "Secret[***]" : "Secret[none]";
    }
}
