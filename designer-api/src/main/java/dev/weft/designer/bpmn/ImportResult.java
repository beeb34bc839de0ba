package dev.weft.designer.bpmn;

import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.validation.Issue;
import java.util.List;

/**
 * A graph read from BPMN, with what could not be carried over.
 *
 * @param graph     the graph
 * @param processId id of the imported process
 * @param issues    constructs that were dropped or changed, each naming the BPMN element id
 */
public record ImportResult(FlowGraph graph, String processId, List<Issue> issues) {
}
