package dev.weft.engine.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.CreateInstanceCommand;
import dev.weft.engine.api.EngineRejectedException;
import dev.weft.engine.api.RejectionType;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    @Test
    void shouldRejectCommandsBeyondTheInFlightLimitAsExhaustedAndKeepWorking() throws Exception {
        try (EngineHarness h = EngineHarness.start("engine_backpressure", b -> b.maxQueuedCommands(2))) {
            h.deploy(Bpmn.createExecutableProcess("bp").startEvent().endEvent().done());
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(h.engine.createProcessInstance(CreateInstanceCommand.latest("bp", Map.of())));
            }
            int exhausted = 0;
            int created = 0;
            for (CompletableFuture<?> f : futures) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    created++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(EngineRejectedException.class,
                            r -> assertThat(r.type()).isEqualTo(RejectionType.EXHAUSTED));
                    exhausted++;
                }
            }
            assertThat(exhausted).isPositive();
            assertThat(created).isPositive();
            // once the load is gone, commands are accepted again
            assertThat(h.instanceState(h.create("bp"))).isEqualTo("COMPLETED");
        }
    }
}
