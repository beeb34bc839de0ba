package dev.weft.designer.run;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies of the test-run endpoints. */
public final class TestRunRequests {

    private TestRunRequests() {
    }

    /** @param inputs the start node's form values (become process variables) */
    public record Start(ObjectNode inputs) {
    }

    /**
     * @param settings the node's settings for this re-run only (e.g. an edited prompt not saved yet); without it
     *                 the node as it is in the current draft
     */
    public record Rerun(ObjectNode settings) {
    }
}
