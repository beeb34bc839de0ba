package dev.weft.designer.flow;

import dev.weft.designer.graph.FlowGraph;

/** A published version with the graph it was made from (the BPMN has its own endpoint). */
public record VersionDetail(VersionSummary version, String processId, FlowGraph graph) {
}
