package dev.weft.hub.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.hub.HubIntegrationTest;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.pulsar.core.PulsarTemplate;

/**
 * The health check only talks to the admin API; this proves the hub's own client (and the OpenTelemetry
 * classes the Pulsar client links against, whose versions the tracing dependencies move) works end to end.
 */
class PulsarClientWiringTest extends HubIntegrationTest {

    @Autowired
    PulsarTemplate<String> template;

    @Autowired
    PulsarClient client;

    @Test
    void theHubsPulsarClientSendsAndReceives() throws Exception {
        String topic = "persistent://public/default/t-hub-wiring-" + UUID.randomUUID();
        try (Consumer<String> consumer = client.newConsumer(Schema.STRING).topic(topic)
                .subscriptionName("t-hub").subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .subscribe()) {
            template.send(topic, "hello from the hub");

            Message<String> received = consumer.receive(30, TimeUnit.SECONDS);

            assertThat(received).isNotNull();
            assertThat(received.getValue()).isEqualTo("hello from the hub");
            consumer.acknowledge(received);
        }
    }
}
