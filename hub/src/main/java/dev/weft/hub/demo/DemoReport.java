package dev.weft.hub.demo;

import java.time.Duration;
import java.util.List;

/**
 * What one demo run did.
 *
 * @param processInstanceKey the run in the engine
 * @param question           what was asked
 * @param answer             the answer text
 * @param model              the model that answered ({@code extractive} for the built-in fallback)
 * @param extractive         whether the extractive model answered
 * @param citations          {@code [n] source} per cited passage
 * @param trace              the flow's elements in the order they started; empty when the engine is not in this process
 */
public record DemoReport(long processInstanceKey, String question, String answer, String model, boolean extractive,
                         List<String> citations, List<TraceEntry> trace) {

    /** One element instance of the run. */
    public record TraceEntry(String elementId, String elementType, String state, Duration duration) {
    }

    /** Plain text for the launcher's terminal. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("Weft demo: flow weft-demo-rag, process instance ").append(processInstanceKey).append("\n\n");
        out.append("Question: ").append(question).append("\n\n");
        out.append("Answer (").append(extractive
                ? "extractive: quoted by the built-in offline model, no language model was used"
                : "model " + model).append("):\n").append(answer).append("\n\n");
        out.append("Citations:\n");
        if (citations.isEmpty()) {
            out.append("  (none)\n");
        }
        citations.forEach(c -> out.append("  ").append(c).append('\n'));
        out.append("\nTrace:\n");
        if (trace.isEmpty()) {
            out.append("  (the engine runs outside this process; see its own tooling)\n");
        }
        for (TraceEntry e : trace) {
            out.append(String.format("  %-10s %-16s %-12s %s%n", e.elementId(), e.elementType(), e.state(),
                    e.duration() == null ? "-" : e.duration().toMillis() + " ms"));
        }
        return out.toString();
    }
}
