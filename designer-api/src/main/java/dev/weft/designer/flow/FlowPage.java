package dev.weft.designer.flow;

import java.util.List;

/** One page of flows; {@code page} counts from 0. */
public record FlowPage(List<FlowSummary> items, int page, int size, long total) {
}
