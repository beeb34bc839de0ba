package dev.weft.workers.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepJobHandler;
import dev.weft.workers.job.StepOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strategies that need no model; best-of runs through the gateway in {@link AggregateBestOfTest}. */
class AggregateStepTest {

    private final AggregateStep step = new AggregateStep(null);

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(Map<String, String> headers, List<?> items) {
        StepOutcome outcome = StepJobHandler.run(step, StepInput.of(headers, Map.of("items", items)));
        assertThat(outcome).isInstanceOf(StepOutcome.Completed.class);
        return (Map<String, Object>) ((StepOutcome.Completed) outcome).variables().get("aggregate");
    }

    @Test
    void concatenatesAndKeepsCitations() {
        Map<String, Object> out = run(Map.of("strategy", "concat", "separator", " | "), List.of(
                Map.of("text", "A", "citations", List.of(Map.of("n", 1, "passageId", "p1"))),
                Map.of("text", "B", "citations", List.of(Map.of("n", 1, "passageId", "p1"), Map.of("n", 2, "passageId", "p2"))),
                "C"));

        assertThat(out.get("text")).isEqualTo("A | B | C");
        assertThat((List<?>) out.get("citations")).hasSize(2);
    }

    @Test
    void votesByNormalisedText() {
        Map<String, Object> out = run(Map.of("strategy", "majority-vote"), List.of("Paris.", "Lyon", " paris", "PARIS!"));

        assertThat(out.get("text")).isEqualTo("Paris.");
        assertThat(out.get("chosenIndex")).isEqualTo(0);
        assertThat(out.get("votes")).isEqualTo(Map.of("paris", 3, "lyon", 1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aVoteKeepsOnlyTheCitationsOfTheAnswersThatAgreeWithTheWinner() {
        Map<String, Object> out = run(Map.of("strategy", "majority-vote"), List.of(
                Map.of("text", "Paris [1]", "citations", List.of(Map.of("n", 1, "passageId", "france"))),
                Map.of("text", "Lyon [1]", "citations", List.of(Map.of("n", 1, "passageId", "lyon-guide"))),
                Map.of("text", "paris [1]", "citations", List.of(Map.of("n", 1, "passageId", "france"),
                        Map.of("n", 2, "passageId", "capitals")))));

        assertThat(out.get("chosenIndex")).isEqualTo(0);
        assertThat((List<Object>) out.get("citations")).containsExactly(Map.of("n", 1, "passageId", "france"),
                Map.of("n", 2, "passageId", "capitals"));
    }

    @Test
    void mergesJsonDeeply() {
        Map<String, Object> out = run(Map.of("strategy", "json-merge"), List.of(
                Map.of("text", "", "json", Map.of("a", 1, "tags", List.of("x"), "nested", Map.of("k", "v"))),
                Map.of("text", "", "json", Map.of("b", 2, "tags", List.of("y"), "nested", Map.of("k2", "v2")))));

        assertThat(out.get("json")).isEqualTo(Map.of("a", 1, "b", 2, "tags", List.of("x", "y"),
                "nested", Map.of("k", "v", "k2", "v2")));
    }

    @Test
    void namesBadInput() {
        assertThat(StepJobHandler.run(step, StepInput.of(Map.of("strategy", "average"), Map.of("items", List.of("a")))))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("strategy:"));
        assertThat(StepJobHandler.run(step, StepInput.of(Map.of(), Map.of())))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("items:"));
        assertThat(StepJobHandler.run(step, StepInput.of(Map.of("strategy", "json-merge"), Map.of("items", List.of("plain")))))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("items[0]"));
    }
}
