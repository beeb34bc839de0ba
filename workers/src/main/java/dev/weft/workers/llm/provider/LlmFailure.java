package dev.weft.workers.llm.provider;

import java.time.Duration;

/**
 * Why a call to a model failed, as a closed set. Routing decides on these: {@link #retryable()} says whether the
 * same request to the same endpoint may succeed later; {@link #errorClass()} is the stable name that route
 * fallback conditions match (see docs/job-types.md).
 */
public sealed interface LlmFailure {

    /** Stable name used in route conditions and ledgers. */
    String errorClass();

    /** True when repeating the same request on the same endpoint can succeed. */
    boolean retryable();

    /** Human-readable detail; never contains credentials. */
    String message();

    /**
     * True when the failure says something about the endpoint's health (it counts against its circuit breaker);
     * false when the request itself was the problem and another request would have been served.
     */
    default boolean endpointFault() {
        return switch (this) {
            case ServerError e -> true;
            case RateLimited e -> true;
            case Timeout e -> true;
            case ConnectionFailed e -> true;
            case AuthenticationFailed e -> true;
            case InvalidResponse e -> true;
            case ContextLengthExceeded e -> false;
            case ContentPolicy e -> false;
            case BadRequest e -> false;
        };
    }

    /** The upstream answered 5xx (or Anthropic's 529 overloaded). */
    record ServerError(int status, String message) implements LlmFailure {
        public String errorClass() { return "server_error"; }
        public boolean retryable() { return true; }
    }

    /** 429; {@code retryAfter} is null when the upstream did not say. */
    record RateLimited(Duration retryAfter, String message) implements LlmFailure {
        public String errorClass() { return "rate_limited"; }
        public boolean retryable() { return true; }
    }

    /** No answer (or no complete stream) in time. */
    record Timeout(Duration after, String message) implements LlmFailure {
        public String errorClass() { return "timeout"; }
        public boolean retryable() { return true; }
    }

    /** Could not connect: refused, unknown host, reset before an answer. */
    record ConnectionFailed(String message) implements LlmFailure {
        public String errorClass() { return "connection"; }
        public boolean retryable() { return true; }
    }

    /** The prompt does not fit the model's context window; only a bigger model helps. */
    record ContextLengthExceeded(String message) implements LlmFailure {
        public String errorClass() { return "context_length"; }
        public boolean retryable() { return false; }
    }

    /** The provider's safety system refused the request or the answer. */
    record ContentPolicy(String message) implements LlmFailure {
        public String errorClass() { return "content_policy"; }
        public boolean retryable() { return false; }
    }

    /** 401/403: the credential is wrong or lacks access. */
    record AuthenticationFailed(int status, String message) implements LlmFailure {
        public String errorClass() { return "auth"; }
        public boolean retryable() { return false; }
    }

    /** Another 4xx: the request itself is wrong for this provider. */
    record BadRequest(int status, String message) implements LlmFailure {
        public String errorClass() { return "bad_request"; }
        public boolean retryable() { return false; }
    }

    /** A 200 that is not the protocol: malformed JSON, a stream cut before its end. */
    record InvalidResponse(String message) implements LlmFailure {
        public String errorClass() { return "invalid_response"; }
        public boolean retryable() { return true; }
    }
}
