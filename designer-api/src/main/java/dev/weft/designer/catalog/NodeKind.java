package dev.weft.designer.catalog;

/**
 * The closed set of BPMN shapes a designer node compiles to. Job nodes (every element template) share one
 * kind; the others are the flow-control nodes the designer offers besides them.
 */
public enum NodeKind {
    /** A service task whose job type comes from an element template ({@code weft.llm}, ...). */
    JOB,
    /** A service task with a job type of the developer's own workers. */
    CUSTOM_JOB,
    START,
    END,
    BRANCH,
    PARALLEL,
    MAP,
    SCRIPT,
    HUMAN_REVIEW,
    SUB_FLOW,
    WAIT_MESSAGE,
    TIMER,
    /** An LLM that calls inline tool nodes in a loop until it answers (an embedded sub-process). */
    AGENT
}
