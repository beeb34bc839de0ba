package dev.weft.engine.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.engine.api.Engine;
import dev.weft.engine.gateway.BpmnElementSemantics;
import dev.weft.engine.testing.EmbeddedEngineProperties;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The semantics suite in the client's default REST mode, against the engine as an application embeds it: wired
 * by {@code WeftEngineAutoConfiguration} on the application's DataSource, REST served by Spring MVC.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = RestGatewaySemanticsTest.App.class)
class RestGatewaySemanticsTest extends BpmnElementSemantics {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private static final TestDatabases.FreshDatabase DB = TestDatabases.create("gateway_rest");
    @RegisterExtension
    static final RestEngineClient REST = new RestEngineClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedEngineProperties.restServer(registry, DB);
    }

    @Autowired
    Engine engine;

    @Override
    protected CamundaClient client() {
        return REST.client();
    }

    @Override
    protected Engine engine() {
        return engine;
    }

    @Override
    protected boolean grpc() {
        return false;
    }

    @Test
    void searchAndGetSeeTheInstanceTheClientCreated() {
        String process = deployOrder("rest-search");
        long instance = create(process, Map.of("orderId", "rest-1"));
        var found = client().newProcessInstanceGetRequest(instance).send().join();
        assertThat(found.getProcessInstanceKey()).isEqualTo(instance);
        assertThat(found.getProcessDefinitionId()).isEqualTo(process);
        assertThat(found.getState()).isEqualTo(ProcessInstanceState.ACTIVE);

        var page = client().newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(process).state(ProcessInstanceState.ACTIVE)).send().join();
        assertThat(page.items()).anySatisfy(i -> assertThat(i.getProcessInstanceKey()).isEqualTo(instance));

        var variables = client().newVariableSearchRequest().filter(f -> f.processInstanceKey(instance).name("orderId")).send().join();
        assertThat(variables.items()).singleElement().satisfies(v -> assertThat(v.getValue()).isEqualTo("\"rest-1\""));
    }

    @Test
    void incidentsAreSearchableAndResolvableOverRest() {
        long instance = create(deployOrder("rest-incident"), Map.of("orderId", "rest-2"));
        var job = activateOne("charge-rest-incident");
        client().newFailCommand(job.getKey()).retries(0).errorMessage("no funds").send().join();
        awaitIncident(instance);
        var incidents = client().newIncidentSearchRequest().filter(f -> f.processInstanceKey(instance)).send().join();
        assertThat(incidents.items()).singleElement().satisfies(i -> {
            assertThat(i.getErrorMessage()).contains("no funds");
            assertThat(i.getJobKey()).isEqualTo(job.getKey());
        });
        client().newUpdateRetriesCommand(job.getKey()).retries(1).send().join();
        client().newResolveIncidentCommand(incidents.items().getFirst().getIncidentKey()).send().join();
        client().newCompleteCommand(activateOne("charge-rest-incident").getKey()).send().join();
        awaitState(instance, dev.weft.engine.api.ProcessInstanceState.COMPLETED);
    }

    @Test
    void processDefinitionsAndElementInstancesAreReadable() {
        String process = deployOrder("rest-read");
        long instance = create(process, Map.of("orderId", "rest-3"));
        var definitions = client().newProcessDefinitionSearchRequest().filter(f -> f.processDefinitionId(process)).send().join();
        assertThat(definitions.items()).singleElement().satisfies(d -> assertThat(d.getResourceName()).isEqualTo(process + ".bpmn"));
        long definitionKey = definitions.items().getFirst().getProcessDefinitionKey();
        assertThat(client().newProcessDefinitionGetRequest(definitionKey).send().join().getProcessDefinitionId()).isEqualTo(process);
        assertThat(client().newProcessDefinitionGetXmlRequest(definitionKey).send().join()).contains("id=\"" + process + "\"");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(client().newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(instance)).send().join().items())
                .anySatisfy(e -> {
                    assertThat(e.getElementId()).isEqualTo("charge");
                    assertThat(e.getState()).isEqualTo(io.camunda.client.api.search.enums.ElementInstanceState.ACTIVE);
                }));
    }

    @Test
    void correlatingAMessageNamesTheInstanceItReachedAndNothingWaitingIsNotFound() {
        deploy("gateway/await-payment.bpmn");
        long instance = create("await-payment", Map.of("orderId", "rest-correlate"));
        await().atMost(PATIENCE).untilAsserted(() -> {
            var correlated = client().newCorrelateMessageCommand().messageName("payment-received")
                    .correlationKey("rest-correlate").variables(Map.of("paid", true)).send().join();
            assertThat(correlated.getProcessInstanceKey()).isEqualTo(instance);
        });
        awaitState(instance, dev.weft.engine.api.ProcessInstanceState.COMPLETED);
        assertRejected(() -> client().newCorrelateMessageCommand().messageName("payment-received")
                .correlationKey("nobody-waits").send().join(), io.grpc.Status.Code.NOT_FOUND, 404, "payment-received");
    }

    @Test
    void aUserTaskIsFoundAssignedAndCompletedOverRest() {
        deploy("gateway/approval.bpmn");
        long instance = create("approval", Map.of("amount", 1200));
        var task = await().atMost(PATIENCE).until(() -> client().newUserTaskSearchRequest()
                .filter(f -> f.processInstanceKey(instance)).send().join().items(), items -> !items.isEmpty()).getFirst();
        assertThat(task.getElementId()).isEqualTo("approve");
        assertThat(task.getCandidateGroups()).containsExactly("managers");
        assertThat(task.getAssignee()).isNull();

        client().newAssignUserTaskCommand(task.getUserTaskKey()).assignee("demo").send().join();
        assertThat(client().newUserTaskGetRequest(task.getUserTaskKey()).send().join().getAssignee()).isEqualTo("demo");
        var byAssignee = client().newUserTaskSearchRequest().filter(f -> f.assignee("demo")).send().join();
        assertThat(byAssignee.items()).anySatisfy(t -> assertThat(t.getUserTaskKey()).isEqualTo(task.getUserTaskKey()));

        client().newCompleteUserTaskCommand(task.getUserTaskKey()).variables(Map.of("approved", true)).send().join();
        awaitState(instance, dev.weft.engine.api.ProcessInstanceState.COMPLETED);
        assertThat(variable(instance, "approved")).isEqualTo("true");
        assertRejected(() -> client().newCompleteUserTaskCommand(task.getUserTaskKey()).send().join(),
                io.grpc.Status.Code.NOT_FOUND, 404, String.valueOf(task.getUserTaskKey()));
    }
}
