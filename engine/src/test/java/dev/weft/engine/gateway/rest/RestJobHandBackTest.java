package dev.weft.engine.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.engine.api.Engine;
import dev.weft.engine.processing.EngineImpl;
import dev.weft.engine.testing.EmbeddedEngineProperties;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A REST job activation long poll whose HTTP client went away does not take jobs with it: the engine stops waiting
 * for it, and a job created afterwards goes to a worker that is still there, although its lock would last ten
 * minutes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = RestJobHandBackTest.App.class)
class RestJobHandBackTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final TestDatabases.FreshDatabase DB = TestDatabases.create("rest_hand_back");
    @RegisterExtension
    static final RestEngineClient REST = new RestEngineClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedEngineProperties.restServer(registry, DB);
        // Every poll that delivers jobs checks its connection (by default only those that waited a second).
        registry.add("weft.engine.rest.activation-probe-after", () -> "0s");
    }

    @Autowired
    Engine engine;

    private static CamundaClient client() {
        return REST.client();
    }

    @Test
    void aLongPollWhoseClientWentAwayHandsTheNextJobBackToALiveWorker() throws Exception {
        String type = "rest-hand-back";
        client().newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(type).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(type)).endEvent().done(), type + ".bpmn").send().join();
        EngineImpl impl = (EngineImpl) engine;

        String body = "{\"type\":\"" + type + "\",\"worker\":\"gone\",\"timeout\":600000,\"maxJobsToActivate\":5,"
                + "\"requestTimeout\":60000}";
        try (Socket socket = new Socket("127.0.0.1", REST.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v2/jobs/activation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(PATIENCE).until(() -> impl.openPolls(type) == 1);
        }
        // The connection is closed, but HTTP/1.1 tells the server nothing until it writes: the poll still waits
        // when the job is created, takes it, and must find out that nobody is there before giving it away.
        assertThat(impl.openPolls(type)).isEqualTo(1);

        long instance = client().newCreateInstanceCommand().bpmnProcessId(type).latestVersion().send().join()
                .getProcessInstanceKey();
        List<ActivatedJob> jobs = await().atMost(PATIENCE).until(() -> client().newActivateJobsCommand().jobType(type)
                .maxJobsToActivate(5).timeout(Duration.ofMinutes(10)).requestTimeout(Duration.ofSeconds(1))
                .send().join().getJobs(), list -> !list.isEmpty());
        assertThat(jobs).singleElement().satisfies(j -> assertThat(j.getProcessInstanceKey()).isEqualTo(instance));
    }
}
