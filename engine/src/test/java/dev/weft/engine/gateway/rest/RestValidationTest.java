package dev.weft.engine.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.gateway.grpc.Clients;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The {@code /v2} controllers' own validation and problem+json answers, driven by the real Camunda client in its
 * default REST mode and by plain HTTP for bodies the client would never send.
 *
 * <p>The controllers here have no engine ({@code null}): every request in this class must be refused by the REST
 * layer itself; one that leaked through would answer 500, not the asserted 400. Engine-backed REST semantics are
 * covered by {@code RestGatewaySemanticsTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = RestValidationTest.App.class,
        properties = {"weft.engine.mode=off", "camunda.client.enabled=false"})
class RestValidationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
    static class App {
        @Bean ProcessInstanceController processInstances() { return new ProcessInstanceController(null); }
        @Bean JobController jobs() { return new JobController(null); }
        @Bean DeploymentController deployments() { return new DeploymentController(null); }
        @Bean MessageController messages() { return new MessageController(null); }
        @Bean VariableController variables() { return new VariableController(null); }
        @Bean UserTaskController userTasks() { return new UserTaskController(null); }
        @Bean UnservedController unserved() { return new UnservedController(); }
        @Bean RestErrors errors() { return new RestErrors(); }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private CamundaClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void client() {
        client = Clients.rest(port, 1);
    }

    @AfterEach
    void close() {
        Clients.closeQuietly(client);
    }

    @Test
    void theClientGetsAProblemNamingTheTenantField() {
        assertThatThrownBy(() -> client.newCreateInstanceCommand().bpmnProcessId("order").latestVersion()
                .tenantId("acme").send().join())
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.details().getStatus()).isEqualTo(400);
                    assertThat(e.details().getTitle()).isEqualTo("INVALID_ARGUMENT");
                    assertThat(e.details().getDetail()).contains("'tenantId'").contains("acme");
                    assertThat(e.details().getInstance()).hasToString("/v2/process-instances");
                });
    }

    @Test
    void theClientGetsAProblemForAnInvalidRetryCount() {
        assertThatThrownBy(() -> client.newUpdateRetriesCommand(1L).retries(0).send().join())
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.details().getStatus()).isEqualTo(400);
                    assertThat(e.details().getDetail()).contains("'changeset.retries'");
                });
    }

    @Test
    void variablesThatAreNotAnObjectAreRefusedNamingTheField() throws Exception {
        JsonNode problem = post("/v2/process-instances", "{\"processDefinitionId\":\"order\",\"variables\":[1,2]}", 400);
        assertThat(problem.get("title").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(problem.get("detail").asText()).contains("'variables'");
        assertThat(post("/v2/jobs/1/completion", "{\"variables\":\"text\"}", 400).get("detail").asText()).contains("'variables'");
    }

    @Test
    void bodiesThatAreNotJsonAreRefused() throws Exception {
        assertThat(post("/v2/messages/publication", "{\"name\":", 400).get("detail").asText()).contains("not valid JSON");
    }

    @Test
    void keysThatAreNotNumbersAreRefusedNamingThePathVariable() throws Exception {
        assertThat(post("/v2/jobs/abc/completion", "{}", 400).get("detail").asText()).contains("'jobKey'").contains("abc");
        assertThat(post("/v2/process-instances", "{\"processDefinitionKey\":\"x1\"}", 400).get("detail").asText())
                .contains("'processDefinitionKey'");
    }

    @Test
    void incompleteCommandsAreRefusedNamingTheMissingField() throws Exception {
        assertThat(post("/v2/process-instances", "{}", 400).get("detail").asText())
                .contains("'processDefinitionKey'").contains("'processDefinitionId'");
        assertThat(post("/v2/jobs/activation", "{\"maxJobsToActivate\":1,\"timeout\":1000}", 400).get("detail").asText())
                .contains("'type'");
        assertThat(post("/v2/jobs/1/error", "{}", 400).get("detail").asText()).contains("'errorCode'");
        assertThat(post("/v2/signals/broadcast", "{}", 400).get("detail").asText()).contains("'signalName'");
        assertThat(post("/v2/user-tasks/1/assignment", "{}", 400).get("detail").asText()).contains("'assignee'");
    }

    @Test
    void filtersWeftDoesNotEvaluateAreRefusedByName() throws Exception {
        JsonNode problem = post("/v2/process-instances/search", "{\"filter\":{\"elementId\":{\"$eq\":\"review\"}}}", 400);
        assertThat(problem.get("detail").asText()).contains("'filter.elementId'").contains("not supported");
        JsonNode badOperand = post("/v2/process-instances/search", "{\"filter\":{\"processDefinitionKey\":{\"$neq\":\"k\"}}}", 400);
        assertThat(badOperand.get("detail").asText()).contains("'filter.processDefinitionKey.$neq'");
    }

    @Test
    void deploymentsWithoutResourcesAreRefused() throws Exception {
        String boundary = "weftboundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"tenantId\"\r\n\r\n<default>\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/deployments"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("detail").asText()).contains("'resources'");
    }

    private JsonNode post(String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("status of POST %s: %s", path, response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(expectedStatus);
        assertThat(problem.get("instance").asText()).isEqualTo(path);
        return problem;
    }

    @Test
    void camundaEndpointsWeftDoesNotServeAnswerNotImplementedWithASentence() throws Exception {
        JsonNode problem = post("/v2/decision-definitions/evaluation", "{\"decisionDefinitionId\":\"d\"}", 501);
        assertThat(problem.get("detail").asText()).contains("Weft does not serve POST /v2/decision-definitions/evaluation");
        assertThatThrownBy(() -> client.newEvaluateDecisionCommand().decisionId("d").send().join())
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getStatus()).isEqualTo(501));
    }
}
