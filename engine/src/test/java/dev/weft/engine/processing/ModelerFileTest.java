package dev.weft.engine.processing;

import static dev.weft.engine.testing.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.ActivatedJob;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.UserTaskFilter;
import dev.weft.engine.testing.EngineHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A file as Camunda Modeler writes it for Camunda 8 (with diagram interchange) deploys and runs unchanged. */
class ModelerFileTest {

    static EngineHarness h;

    @BeforeAll
    static void start() throws IOException {
        h = EngineHarness.start("engine_modeler");
        try (InputStream in = ModelerFileTest.class.getResourceAsStream("/bpmn/modeler-answer-review.bpmn")) {
            h.deploy("modeler-answer-review.bpmn", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void shouldSkipTheReviewForAShortAnswer() {
        long pi = h.create("answer-review", Map.of("question", "2+2?"));
        ActivatedJob job = h.activateOne("weft.llm");
        assertThat(job.customHeaders()).containsEntry("prompt", "Answer: {{question}}");
        assertThat(job.variables()).containsEntry("prompt", "2+2?");
        assertThat(job.retries()).isEqualTo(2);
        h.complete(job, Map.of("answer", Map.of("text", "4", "usage", Map.of("totalTokens", 12))));
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "draft")).isEqualTo("4");
    }

    @Test
    void shouldAskAReviewerForALongAnswer() {
        long pi = h.create("answer-review", Map.of("question", "explain BPMN"));
        h.complete(h.activateOne("weft.llm"), Map.of("answer", Map.of("text", "...", "usage", Map.of("totalTokens", 900))));
        var task = await(h.engine.searchUserTasks(new UserTaskFilter(null, null, pi, null, "reviewers"), Page.DEFAULT))
                .items().get(0);
        assertThat(task.elementId()).isEqualTo("Activity_review");
        await(h.engine.completeUserTask(task.key(), Map.of("approved", true), null));
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
    }
}
