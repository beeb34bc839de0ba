package dev.weft.workers.llm.routing;

import java.util.List;

/** Every model on the chain failed; {@code weft.llm} throws BPMN error {@code LLM_UNAVAILABLE}. */
public final class LlmUnavailableException extends RuntimeException {

    private final List<Attempt> attempts;

    public LlmUnavailableException(String message, List<Attempt> attempts) {
        super(message + describe(attempts));
        this.attempts = List.copyOf(attempts);
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    private static String describe(List<Attempt> attempts) {
        StringBuilder sb = new StringBuilder();
        for (Attempt a : attempts) {
            sb.append(sb.isEmpty() ? ": " : "; ").append(a.modelId()).append(" -> ").append(a.outcome());
        }
        return sb.toString();
    }
}
