package dev.weft.workers.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepJobHandler;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.secret.CredentialResolver;
import dev.weft.workers.llm.step.LlmStep;
import dev.weft.workers.runtime.WeftAi;
import dev.weft.workers.testing.PooledTestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AggregateBestOfTest {

    private static HikariDataSource ds;
    private static WeftAi ai;
    private static final FakeOpenAiServer JUDGE = FakeOpenAiServer.start();

    @BeforeAll
    static void setUp() {
        ds = PooledTestDatabase.create("workers_bestof");
        ai = new WeftAi(new WeftAi.Config(ds, null, new CredentialResolver(Map.<String, String>of()::get, () -> null),
                null, null, null));
        ai.registry().putProvider(ProviderSpec.of("judge", ProviderKind.OPENAI, JUDGE.baseUrl(), null));
        ai.registry().putModel(ModelSpec.chat("judge/m", "judge", "judge-1", 8000));
    }

    @AfterAll
    static void stop() {
        ai.close();
        JUDGE.close();
        ds.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void asksTheJudgeAndKeepsTheChosenAnswer() {
        JUDGE.enqueue(FakeReply.text("1"), FakeReply.text("I like all of them"));
        AggregateStep step = new AggregateStep(ai.gateway());
        var input = StepInput.of(Map.of("strategy", "best-of", "judgeModel", "judge/m"),
                Map.of("question", "2+2?", "items", List.of("five", "four", "22")));

        StepOutcome chosen = StepJobHandler.run(step, input);
        StepOutcome unclear = StepJobHandler.run(step, input);

        assertThat(chosen).isInstanceOfSatisfying(StepOutcome.Completed.class, c ->
                assertThat((Map<String, Object>) c.variables().get("aggregate")).containsEntry("text", "four").containsEntry("chosenIndex", 1));
        assertThat(JUDGE.requests().getFirst().json().at("/messages/1/content").asText()).contains("[1] four").contains("2+2?");
        assertThat(unclear).isInstanceOfSatisfying(StepOutcome.BpmnError.class,
                e -> assertThat(e.code()).isEqualTo(LlmStep.LLM_INVALID_OUTPUT));
    }

    @Test
    @SuppressWarnings("unchecked")
    void keepsOnlyTheChosenAnswersCitations() {
        JUDGE.enqueue(FakeReply.text("0"));
        AggregateStep step = new AggregateStep(ai.gateway());
        var input = StepInput.of(Map.of("strategy", "best-of", "judgeModel", "judge/m"), Map.of("question", "Port?",
                "items", List.of(Map.of("text", "8088 [1]", "citations", List.of(Map.of("n", 1, "passageId", "ports"))),
                        Map.of("text", "80 [1]", "citations", List.of(Map.of("n", 1, "passageId", "old-ports"))))));

        StepOutcome chosen = StepJobHandler.run(step, input);

        assertThat(chosen).isInstanceOfSatisfying(StepOutcome.Completed.class, c -> {
            Map<String, Object> out = (Map<String, Object>) c.variables().get("aggregate");
            assertThat(out).containsEntry("text", "8088 [1]").containsEntry("chosenIndex", 0);
            assertThat((List<Object>) out.get("citations")).containsExactly(Map.of("n", 1, "passageId", "ports"));
        });
    }
}
