package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testsupport.TestDatabases;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.rag.ingest.Chunker;
import dev.weft.workers.rag.ingest.DocumentInput;
import dev.weft.workers.runtime.WeftAi;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example of workers/README.md end to end: {@link SupportAnswerApplication} as it is (Camunda's starter, the
 * {@code @JobWorker}, the BPMN deployed by {@code @Deployment}), with Weft's embedded engine in the same JVM (its
 * auto-configuration is on the test classpath) and a fake OpenAI-compatible server as the model.
 */
@SpringBootTest(classes = SupportAnswerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SupportAnswerExampleTest {

    private static final TestDatabases.FreshDatabase DB = TestDatabases.create("workers_example");
    private static final int GRPC_PORT = freePort();
    private static final FakeOpenAiServer LLM = FakeOpenAiServer.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::jdbcUrl);
        registry.add("spring.datasource.username", DB::user);
        registry.add("spring.datasource.password", DB::password);
        registry.add("weft.engine.migrate", () -> "true");
        registry.add("weft.engine.grpc.host", () -> "127.0.0.1");
        registry.add("weft.engine.grpc.port", () -> GRPC_PORT);
        registry.add("camunda.client.grpc-address", () -> "http://127.0.0.1:" + GRPC_PORT);
        registry.add("camunda.client.rest-address", () -> "http://127.0.0.1:1");
        registry.add("camunda.client.prefer-rest-over-grpc", () -> "false");
        registry.add("camunda.client.worker.defaults.poll-interval", () -> "PT0.1S");
    }

    @AfterAll
    static void stopLlm() {
        LLM.close();
    }

    @Autowired
    CamundaClient client;

    @Autowired
    WeftAi ai;

    @Test
    @SuppressWarnings("unchecked")
    void theAnnotatedWorkerAnswersFromTheFaqThroughTheRoute() {
        ai.registry().putProvider(ProviderSpec.of("local", ProviderKind.OPENAI, LLM.baseUrl(), null));
        ai.registry().putModel(ModelSpec.chat("local/helper", "local", "helper-7b", 8_000).withPrices("0.1", "0.2"));
        ai.registry().putRoute(RouteSpec.of("support", List.of(new RouteSpec.Target("local/helper", 1)), List.of()));
        ai.ingestor().ingest("faq", null, List.of(
                DocumentInput.text("reset", "faq/password.md", "To reset your password, open Settings and choose Reset password."),
                DocumentInput.text("billing", "faq/billing.md", "Invoices are sent on the first day of each month.")),
                new Chunker(300, 0, Chunker.SplitBy.SIZE), "size:300:0", false);
        LLM.enqueue(FakeReply.text("Open Settings and choose Reset password [1].").withUsage(120, 12));

        Map<String, Object> vars = client.newCreateInstanceCommand().bpmnProcessId("support-answer").latestVersion()
                .variables(Map.of("question", "How do I reset my password?")).withResult()
                .requestTimeout(Duration.ofSeconds(60)).send().join().getVariablesAsMap();

        assertThat(vars).containsEntry("reply", "Open Settings and choose Reset password [1].")
                .containsEntry("model", "local/helper");
        assertThat((List<String>) vars.get("sources")).first().isEqualTo("faq/password.md");
        assertThat(vars.get("costUsd")).isEqualTo(0.0000144); // 120 x 0.1 + 12 x 0.2 USD per million tokens
        assertThat(LLM.requests().getFirst().json().at("/messages/1/content").asText())
                .contains("[1] To reset your password");
        // The call went through the gateway: usage and cost are in the ledger under the route's model.
        assertThat(ai.ledger().totalsSince(Instant.EPOCH)).singleElement().satisfies(t -> {
            assertThat(t.modelId()).isEqualTo("local/helper");
            assertThat(t.promptTokens()).isEqualTo(120);
            assertThat(t.completionTokens()).isEqualTo(12);
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
