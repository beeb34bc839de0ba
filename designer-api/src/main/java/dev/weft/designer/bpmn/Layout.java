package dev.weft.designer.bpmn;

import dev.weft.designer.catalog.NodeKind;
import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.graph.GraphEdge;
import dev.weft.designer.graph.GraphNode;
import dev.weft.designer.graph.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Shape sizes and a left-to-right layered layout for graphs without positions: each node goes one column
 * right of its furthest predecessor, nodes of a column stack downwards. Back edges (cycles) are ignored so
 * that even an invalid graph gets a drawing.
 */
public final class Layout {

    static final double COLUMN = 200;
    static final double ROW = 140;
    static final double ORIGIN_X = 100;
    static final double ORIGIN_Y = 100;

    private Layout() {
    }

    /** Width and height of a node's BPMN shape. */
    public static double[] size(NodeKind kind) {
        return switch (kind) {
            case START, END, WAIT_MESSAGE, TIMER -> new double[] {36, 36};
            case BRANCH, PARALLEL -> new double[] {50, 50};
            default -> new double[] {100, 80};
        };
    }

    /** Positions for every node: the node's own when it has one, else a computed one. */
    public static Map<String, Position> positions(FlowGraph graph, Function<String, NodeKind> kindOf) {
        Map<String, Position> out = new LinkedHashMap<>();
        boolean anyMissing = graph.nodes().stream().anyMatch(n -> n.position() == null);
        Map<String, Position> auto = anyMissing ? layered(graph, kindOf) : Map.of();
        for (GraphNode n : graph.nodes()) {
            out.put(n.id(), n.position() != null ? n.position() : auto.get(n.id()));
        }
        return out;
    }

    static Map<String, Position> layered(FlowGraph graph, Function<String, NodeKind> kindOf) {
        Set<String> ids = new HashSet<>();
        graph.nodes().forEach(n -> ids.add(n.id()));
        Map<String, List<String>> succ = new HashMap<>();
        for (GraphEdge e : graph.edges()) {
            if (ids.contains(e.source()) && ids.contains(e.target())) {
                succ.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e.target());
            }
        }
        // Depth-first order without back edges gives a topological order of the acyclic part.
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> onPath = new HashSet<>();
        Set<String> backEdges = new HashSet<>();
        for (GraphNode n : graph.nodes()) {
            visit(n.id(), succ, done, onPath, order, backEdges);
        }
        java.util.Collections.reverse(order);
        Map<String, Integer> column = new HashMap<>();
        for (String id : order) {
            int c = column.getOrDefault(id, 0);
            column.put(id, c);
            for (String t : succ.getOrDefault(id, List.of())) {
                if (!backEdges.contains(id + "->" + t)) {
                    column.merge(t, c + 1, Math::max);
                }
            }
        }
        Map<Integer, Integer> rowsUsed = new HashMap<>();
        Map<String, Position> out = new HashMap<>();
        for (GraphNode n : graph.nodes()) {
            int c = column.getOrDefault(n.id(), 0);
            int r = rowsUsed.merge(c, 1, Integer::sum) - 1;
            NodeKind kind = kindOf.apply(n.id());
            double[] size = size(kind == null ? NodeKind.JOB : kind);
            double centerX = ORIGIN_X + c * COLUMN + 50;
            double centerY = ORIGIN_Y + r * ROW + 40;
            out.put(n.id(), new Position(centerX - size[0] / 2, centerY - size[1] / 2));
        }
        return out;
    }

    private static void visit(String id, Map<String, List<String>> succ, Set<String> done, Set<String> onPath,
                              List<String> order, Set<String> backEdges) {
        if (done.contains(id)) {
            return;
        }
        // Iterative DFS: graphs of a few hundred nodes in a chain must not overflow the stack.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {id, 0});
        onPath.add(id);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            String cur = (String) top[0];
            List<String> next = succ.getOrDefault(cur, List.of());
            int i = (Integer) top[1];
            if (i < next.size()) {
                top[1] = i + 1;
                String t = next.get(i);
                if (onPath.contains(t)) {
                    backEdges.add(cur + "->" + t);
                } else if (!done.contains(t)) {
                    onPath.add(t);
                    stack.push(new Object[] {t, 0});
                }
            } else {
                stack.pop();
                onPath.remove(cur);
                done.add(cur);
                order.add(cur);
            }
        }
    }
}
