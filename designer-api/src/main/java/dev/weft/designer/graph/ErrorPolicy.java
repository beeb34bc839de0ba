package dev.weft.designer.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * What a job node does when it fails, so one failed node need not end the whole run.
 *
 * @param retries       job retries before the failure counts (compiled to {@code zeebe:taskDefinition retries})
 * @param backoff       ISO-8601 duration between retries (task header {@code retryBackoff}, read by the worker)
 * @param timeout       ISO-8601 duration after which the node counts as failed (an interrupting timer boundary event)
 * @param onError       the reaction once retries are used up or the worker throws a BPMN error
 * @param defaultValue  {@code onError: default}: the value written as the node's output
 * @param fallbackModel {@code onError: fallback} (LLM nodes): the model a second attempt uses
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorPolicy(Integer retries, String backoff, String timeout, OnError onError, JsonNode defaultValue, String fallbackModel) {

    /** Reactions to a failed node. */
    public enum OnError {
        /** The run stops (incident or error end). */
        STOP("stop"),
        /** The node's output becomes {@code defaultValue} and the run goes on. */
        DEFAULT("default"),
        /** The run follows the node's {@code error} edges. */
        BRANCH("branch"),
        /** The node runs once more with {@code fallbackModel}. */
        FALLBACK("fallback");

        private final String json;

        OnError(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        @JsonCreator
        public static OnError of(String value) {
            return Arrays.stream(values()).filter(v -> v.json.equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("onError must be one of stop, default, branch, fallback; got '" + value + "'"));
        }
    }

    public OnError onErrorOrStop() {
        return onError == null ? OnError.STOP : onError;
    }
}
