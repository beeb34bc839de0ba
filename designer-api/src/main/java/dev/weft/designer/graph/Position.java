package dev.weft.designer.graph;

/** Canvas coordinates of a node's top-left corner, in BPMN DI units (pixels at zoom 1). */
public record Position(double x, double y) {
}
