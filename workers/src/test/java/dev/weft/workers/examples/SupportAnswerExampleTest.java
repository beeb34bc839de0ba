package dev.weft.workers.examples;

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
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example of workers/README.md end to end: a Spring Boot app with Camunda's starter, the embedded Weft engine,
 * {@link SupportAnswerWorker} as a bean, and the example BPMN.
 */
@SpringBootTest(classes = SupportAnswerExampleTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SupportAnswerExampleTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean(destroyMethod = "close")
        WeftAi weftAi(DataSource dataSource) {
            return WeftAi.on(dataSource, null);
        }

        @Bean
        SupportAnswerWorker supportAnswerWorker(WeftAi ai) {
            return new SupportAnswerWorker(ai);
        }
    }

    private static final TestDatabases.FreshDatabase DB = TestDatabases.create("workers_example");
    private static final int GRPC_PORT = freePort();
    private static final FakeOpenAiServer LLM = FakeOpenAiServer.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::jdbcUrl);
        registry.add("spring.datasource.username", DB::user);
        registry.add("spring.datasource.password", DB::password);
        registry.add("spring.flyway.enabled", () -> "false");
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
        client.newDeployResourceCommand().addResourceFromClasspath("examples/support-answer.bpmn").send().join();

        Map<String, Object> vars = client.newCreateInstanceCommand().bpmnProcessId("support-answer").latestVersion()
                .variables(Map.of("question", "How do I reset my password?")).withResult()
                .requestTimeout(Duration.ofSeconds(60)).send().join().getVariablesAsMap();

        assertThat(vars).containsEntry("reply", "Open Settings and choose Reset password [1].")
                .containsEntry("model", "local/helper");
        assertThat((List<String>) vars.get("sources")).first().isEqualTo("faq/password.md");
        assertThat(LLM.requests().getFirst().json().at("/messages/1/content").asText())
                .contains("[1] To reset your password");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
