package dev.weft.designer.run;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Server-Sent Event of a test run.
 *
 * @param id   the SSE id, {@code <record position>-<n>}: ordered, and what {@code Last-Event-ID} resumes after; null
 *             for live {@code node_token} events, which are not replayed
 * @param name the SSE event name: node_started, node_finished, node_token, run_finished
 * @param data the event's JSON (frontend-contract's run-events schema), whose {@code event} field repeats the name
 */
public record RunEvent(String id, String name, ObjectNode data) {

    public static final String NODE_STARTED = "node_started";
    public static final String NODE_FINISHED = "node_finished";
    public static final String NODE_TOKEN = "node_token";
    public static final String RUN_FINISHED = "run_finished";
}
