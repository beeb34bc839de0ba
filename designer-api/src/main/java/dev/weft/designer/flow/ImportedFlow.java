package dev.weft.designer.flow;

import dev.weft.designer.validation.Issue;
import java.util.List;

/** A flow created by an import, with what the import could not carry over. */
public record ImportedFlow(FlowSummary flow, Draft draft, List<Issue> importIssues) {
}
