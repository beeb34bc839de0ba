package dev.weft.engine.exporter;

import static dev.weft.engine.testing.EngineHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.state.Json;
import dev.weft.engine.testing.EngineHarness;
import dev.weft.testsupport.WeftServices;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;

class PulsarRecordExporterTest {

    @Test
    void shouldExportEveryRecordInPositionOrderAndResumeFromTheStoredPosition() throws Exception {
        String topic = "persistent://public/default/weft-records-test-" + UUID.randomUUID();
        String pulsarUrl = WeftServices.get().pulsarUrl().toString();
        try (EngineHarness h = EngineHarness.start("engine_exporter");
             PulsarClient client = PulsarClient.builder().serviceUrl(pulsarUrl).build();
             Consumer<byte[]> consumer = client.newConsumer(Schema.BYTES).topic(topic).subscriptionName("test")
                     .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe()) {
            h.deploy(Bpmn.createExecutableProcess("exported").startEvent().endEvent().done());
            long pi = h.create("exported");
            var config = new PulsarRecordExporter.Config(h.dataSource, "test", pulsarUrl, topic, 100,
                    Duration.ofMillis(50), Duration.ofSeconds(2));
            List<JsonNode> received = new CopyOnWriteArrayList<>();
            long firstRun;
            try (PulsarRecordExporter exporter = PulsarRecordExporter.start(config)) {
                drain(consumer, received, pi, 1);
                long lastReceived = received.stream().mapToLong(n -> n.get("position").asLong()).max().orElseThrow();
                // the position is stored only after Pulsar acknowledged the sends, which may be after delivery
                eventually("the exported position is stored", () -> exporter.exportedPosition() >= lastReceived);
                firstRun = exporter.exportedPosition();
            }
            List<Long> positions = received.stream().map(n -> n.get("position").asLong()).toList();
            assertThat(positions).isSorted().doesNotHaveDuplicates();
            assertThat(received).anySatisfy(n -> {
                assertThat(n.get("valueType").asText()).isEqualTo("PROCESS_INSTANCE");
                assertThat(n.get("intent").asText()).isEqualTo("ELEMENT_COMPLETED");
                assertThat(n.get("value").get("bpmnElementType").asText()).isEqualTo("PROCESS");
                assertThat(n.get("processInstanceKey").asLong()).isEqualTo(pi);
            });

            long second = h.create("exported");
            try (PulsarRecordExporter exporter = PulsarRecordExporter.start(config)) {
                List<JsonNode> more = new CopyOnWriteArrayList<>();
                drain(consumer, more, second, 1);
                assertThat(more).allSatisfy(n -> assertThat(n.get("position").asLong()).isGreaterThan(firstRun));
                eventually("the position is stored", () -> exporter.exportedPosition() > firstRun);
            }
        }
    }

    /** Receives until the instance's completion record arrived. */
    private static void drain(Consumer<byte[]> consumer, List<JsonNode> into, long pi, int completions) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int seen = 0;
        while (seen < completions && System.nanoTime() < end) {
            Message<byte[]> m = consumer.receive(1, TimeUnit.SECONDS);
            if (m == null) {
                continue;
            }
            consumer.acknowledge(m);
            JsonNode n = Json.MAPPER.readTree(m.getValue());
            into.add(n);
            if (n.get("processInstanceKey").asLong() == pi && n.get("intent").asText().equals("ELEMENT_COMPLETED")
                    && n.get("value").get("bpmnElementType").asText().equals("PROCESS")) {
                seen++;
            }
        }
        assertThat(seen).as("completion records of instance %d received", pi).isEqualTo(completions);
    }
}
