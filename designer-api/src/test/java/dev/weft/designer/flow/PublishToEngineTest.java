package dev.weft.designer.flow;

import dev.weft.designer.EngineRestClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.designer.DesignerDatabase;
import dev.weft.designer.DesignerTestApplication;
import dev.weft.designer.Http;
import dev.weft.designer.TestJson;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Lazy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Publish deploys the generated BPMN through the Camunda client, and the engine runs it as compiled. */
@SpringBootTest(classes = {DesignerTestApplication.class, EngineRestClient.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublishToEngineTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        DesignerDatabase.register(registry, "designer_engine", true);
    }


    @LocalServerPort
    int port;
    @Autowired
    @Lazy
    CamundaClient client;

    @Test
    void publishDeploysAndTheEngineRunsTheJobWithCompiledHeadersAndInputs() throws Exception {
        Http http = new Http(port);
        String graph = """
                {"formatVersion": 1, "name": "Echo",
                 "nodes": [
                   {"id": "start", "type": "start", "settings": {"form": [{"key": "text", "type": "string"}]}},
                   {"id": "echo", "type": "task", "settings": {"jobType": "designer-echo", "headers": {"mode": "loud"},
                      "inputs": {"message": {"selector": ["start", "text"]}}}, "errorPolicy": {"retries": 2}},
                   {"id": "end", "type": "end"}],
                 "edges": [{"id": "a", "source": "start", "target": "echo"}, {"id": "b", "source": "echo", "target": "end"}]}
                """;
        Http.Response created = http.postJson("/api/designer/flows/import", graph);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("flow").path("id").asText();
        String processId = created.json().path("flow").path("processId").asText();

        Http.Response published = http.postJson("/api/designer/flows/" + id + "/versions", Map.of("name", "first"));
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        JsonNode v = published.json();
        assertThat(v.path("deploymentKey").isNumber()).as(v.toString()).isTrue();
        assertThat(v.path("processDefinitionKey").isNumber()).isTrue();

        long instance = client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                .variables(Map.of("text", "hello")).send().join().getProcessInstanceKey();
        assertThat(instance).isPositive();
        List<ActivatedJob> jobs = List.of();
        for (int attempt = 0; attempt < 50 && jobs.isEmpty(); attempt++) {
            jobs = client.newActivateJobsCommand().jobType("designer-echo").maxJobsToActivate(1)
                    .requestTimeout(Duration.ofSeconds(2)).send().join().getJobs();
        }
        assertThat(jobs).hasSize(1);
        ActivatedJob job = jobs.get(0);
        assertThat(job.getCustomHeaders()).containsEntry("mode", "loud");
        assertThat(job.getVariablesAsMap()).containsEntry("message", "hello");
        assertThat(job.getRetries()).isEqualTo(2);
        client.newCompleteCommand(job.getKey()).variables(Map.of("echoed", "HELLO")).send().join();
    }
}
