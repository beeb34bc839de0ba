package dev.weft.workers.llm.step;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepJobHandler;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.health.CircuitBreaker;
import dev.weft.workers.llm.health.HealthStore;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.routing.ModelRouter;
import dev.weft.workers.testing.PooledTestDatabase;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelSelectStepTest {

    private static HikariDataSource ds;
    private static ModelSelectStep step;

    @BeforeAll
    static void setUp() {
        ds = PooledTestDatabase.create("workers_select");
        ModelRegistry registry = new ModelRegistry(ds);
        registry.putProvider(ProviderSpec.of("p", ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), null));
        registry.putModel(ModelSpec.chat("p/small", "p", "s", 8_000).withPrices("0.1", "0.1"));
        registry.putModel(ModelSpec.chat("p/vision", "p", "v", 100_000).withCapabilities("vision").withPrices("5", "5"));
        registry.putRoute(RouteSpec.of("assist", List.of(new RouteSpec.Target("p/small", 1), new RouteSpec.Target("p/vision", 1)),
                List.of(RouteSpec.Fallback.always("p/vision"))).withRules(List.of(new RouteSpec.GrayRule("tenant", "acme", "p/vision"))));
        step = new ModelSelectStep(new ModelRouter(registry,
                new HealthStore(ds, new CircuitBreaker(CircuitBreaker.Settings.DEFAULT), Clock.systemUTC()), new Random(1)));
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void writesTheChoiceWithReasonAndFallbacks() {
        StepOutcome outcome = StepJobHandler.run(step, StepInput.of(Map.of("route", "assist", "policy", "cheapest-capable",
                "resultVariable", "picked"), Map.of()));

        assertThat(outcome).isEqualTo(new StepOutcome.Completed(Map.of("picked", Map.of("alias", "assist",
                "modelId", "p/small", "provider", "p", "reason", "cheapest capable (0.2 USD per million in+out tokens)",
                "fallbacks", List.of("p/vision")))));
    }

    @Test
    void honoursRequirementsAndGrayRulesFromVariables() {
        StepOutcome vision = StepJobHandler.run(step, StepInput.of(Map.of("route", "assist", "requires", "vision"), Map.of()));
        StepOutcome tenant = StepJobHandler.run(step, StepInput.of(Map.of("route", "assist"), Map.of("tenant", "acme")));

        assertThat(((Map<?, ?>) ((StepOutcome.Completed) vision).variables().get("model")).get("modelId")).isEqualTo("p/vision");
        assertThat(((Map<?, ?>) ((StepOutcome.Completed) tenant).variables().get("model")).get("reason")).isEqualTo("gray rule tenant=acme");
    }

    @Test
    void throwsNoModelWhenNothingFits() {
        StepOutcome outcome = StepJobHandler.run(step, StepInput.of(Map.of("route", "assist", "minContext", "500000"), Map.of()));

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.BpmnError.class, e -> {
            assertThat(e.code()).isEqualTo(ModelSelectStep.NO_MODEL);
            assertThat(e.message()).contains("500000 needed");
        });
    }

    @Test
    void failsOnConfigurationMistakesNamingTheField() {
        assertThat(StepJobHandler.run(step, StepInput.of(Map.of("route", "assist", "policy", "vibes"), Map.of())))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("policy:"));
        assertThat(StepJobHandler.run(step, StepInput.of(Map.of("route", "nowhere"), Map.of())))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("route: 'nowhere'"));
        assertThat(StepJobHandler.run(step, StepInput.of(Map.of(), Map.of())))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("route: is required"));
        assertThat(StepJobHandler.run(step, StepInput.of(Map.of("route", "assist", "requires", "telepathy"), Map.of())))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("requires: unknown capability"));
    }
}
