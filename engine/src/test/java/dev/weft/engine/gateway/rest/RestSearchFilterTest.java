package dev.weft.engine.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.testing.EmbeddedEngineProperties;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The v2 search filters beyond {@code $eq}, sort and paging (offset and cursor), as camunda-client-java's search
 * request builders send them over REST; bad filters are 400 problems naming the property.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = RestSearchFilterTest.App.class)
// Its own database, so no other class shares the context: close it (and its connections) when the class is done.
@DirtiesContext
class RestSearchFilterTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private static final TestDatabases.FreshDatabase DB = TestDatabases.create("rest_search");
    @RegisterExtension
    static final RestEngineClient REST = new RestEngineClient();
    private static boolean seeded;
    /** Instances created once for the class: search-alpha x3 (2 active), search-beta x2 (done), other-gamma x1. */
    private static List<Long> alpha;
    private static List<Long> beta;
    private static long gamma;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedEngineProperties.restServer(registry, DB);
    }

    @BeforeEach
    void setUp() {
        if (seeded) {
            return;
        }
        seeded = true;
        deploy(Bpmn.createExecutableProcess("search-alpha").startEvent()
                .userTask("review", u -> u.zeebeUserTask().zeebeCandidateGroups("=groups").zeebeTaskPriority("=priority")
                        .zeebeDueDate("=due"))
                .endEvent().done());
        deploy(Bpmn.createExecutableProcess("search-beta").startEvent().endEvent().done());
        deploy(Bpmn.createExecutableProcess("other-gamma").startEvent()
                .serviceTask("fail", t -> t.zeebeJobType("search-fail")).endEvent().done());
        alpha = new ArrayList<>();
        alpha.add(create("search-alpha", Map.of("groups", List.of("ops", "legal"), "priority", 80, "order", "a-1",
                "due", "2026-12-01T10:00:00Z")));
        alpha.add(create("search-alpha", Map.of("groups", List.of("sales"), "priority", 20, "order", "a-2",
                "due", "2026-12-05T10:00:00+01:00")));
        alpha.add(create("search-alpha", Map.of("groups", List.of("ops"), "priority", 50, "order", "a-3",
                "due", "2026-11-30T08:00:00+05:00[Asia/Karachi]")));
        beta = List.of(create("search-beta", Map.of("order", "b-1")), create("search-beta", Map.of("order", "b-2")));
        gamma = create("other-gamma", Map.of("order", "g-1"));
        var job = client().newActivateJobsCommand().jobType("search-fail").maxJobsToActivate(1).send().join().getJobs().getFirst();
        client().newFailCommand(job.getKey()).retries(0).errorMessage("no funds").send().join();
        // complete the second alpha instance's user task so states differ
        var tasks = client().newUserTaskSearchRequest().filter(f -> f.processInstanceKey(alpha.get(1))).send().join().items();
        client().newCompleteUserTaskCommand(tasks.getFirst().getUserTaskKey()).send().join();
    }

    private static CamundaClient client() {
        return REST.client();
    }

    private static void deploy(BpmnModelInstance model) {
        client().newDeployResourceCommand().addProcessModel(model, "search.bpmn").send().join();
    }

    private static long create(String processId, Map<String, Object> variables) {
        return client().newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
    }

    private static List<Long> keys(List<ProcessInstance> items) {
        return items.stream().map(ProcessInstance::getProcessInstanceKey).toList();
    }

    @Test
    void processInstancesByLikeInNotInNeqAndState() {
        assertThat(keys(client().newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(p -> p.like("search-*")))
                .send().join().items())).containsExactlyElementsOf(concat(alpha, beta));
        assertThat(keys(client().newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(p -> p.neq("search-alpha")))
                .send().join().items())).containsExactlyElementsOf(concat(beta, List.of(gamma)));
        assertThat(keys(client().newProcessInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(k -> k.in(alpha.get(0), gamma))).send().join().items()))
                .containsExactly(alpha.get(0), gamma);
        assertThat(keys(client().newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(p -> p.like("search-*")).processInstanceKey(k -> k.notIn(beta)))
                .send().join().items())).containsExactlyElementsOf(alpha);
        assertThat(keys(client().newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(p -> p.in("search-alpha", "other-gamma")).state(s -> s.eq(ProcessInstanceState.ACTIVE)))
                .send().join().items())).containsExactly(alpha.get(0), alpha.get(2), gamma);
        assertThat(keys(client().newProcessInstanceSearchRequest().filter(f -> f.state(s -> s.neq(ProcessInstanceState.ACTIVE)))
                .send().join().items())).containsExactly(alpha.get(1), beta.get(0), beta.get(1));
        assertThat(keys(client().newProcessInstanceSearchRequest().filter(f -> f.hasIncident(true)).send().join().items()))
                .containsExactly(gamma);
        assertThat(keys(client().newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(p -> p.like("search-*"))
                        .orFilters(List.of(o -> o.processInstanceKey(alpha.get(2)), o -> o.state(ProcessInstanceState.COMPLETED)
                                .processDefinitionId("search-beta"))))
                .send().join().items())).containsExactly(alpha.get(2), beta.get(0), beta.get(1));
    }

    @Test
    void processInstancesByDatesExistenceAndVersion() {
        OffsetDateTime past = OffsetDateTime.parse("2000-01-01T00:00:00Z");
        assertThat(client().newProcessInstanceSearchRequest().filter(f -> f.startDate(d -> d.gt(past))).send().join()
                .page().totalItems()).isEqualTo(6);
        assertThat(client().newProcessInstanceSearchRequest().filter(f -> f.startDate(d -> d.lte(past))).send().join()
                .items()).isEmpty();
        assertThat(keys(client().newProcessInstanceSearchRequest().filter(f -> f.endDate(d -> d.exists(true))).send().join()
                .items())).containsExactly(alpha.get(1), beta.get(0), beta.get(1));
        assertThat(client().newProcessInstanceSearchRequest().filter(f -> f.parentProcessInstanceKey(k -> k.exists(false)))
                .send().join().page().totalItems()).isEqualTo(6);
        assertThat(client().newProcessInstanceSearchRequest().filter(f -> f.processDefinitionVersion(v -> v.gte(2)))
                .send().join().items()).isEmpty();
    }

    @Test
    void processInstancesSortedAndPagedByOffsetAndCursor() {
        var sorted = client().newProcessInstanceSearchRequest().sort(s -> s.processDefinitionId().desc())
                .send().join().items();
        assertThat(sorted.stream().map(ProcessInstance::getProcessDefinitionId).toList())
                .containsExactly("search-beta", "search-beta", "search-alpha", "search-alpha", "search-alpha", "other-gamma");
        // ties keep creation order
        assertThat(keys(sorted).subList(2, 5)).containsExactlyElementsOf(alpha);

        var first = client().newProcessInstanceSearchRequest().sort(s -> s.processInstanceKey().asc())
                .page(p -> p.limit(4)).send().join();
        assertThat(first.page().totalItems()).isEqualTo(6);
        assertThat(keys(first.items())).containsExactlyElementsOf(concat(alpha, beta.subList(0, 1)));
        var next = client().newProcessInstanceSearchRequest().sort(s -> s.processInstanceKey().asc())
                .page(p -> p.limit(4).after(first.page().endCursor())).send().join();
        assertThat(keys(next.items())).containsExactly(beta.get(1), gamma);
        var back = client().newProcessInstanceSearchRequest().sort(s -> s.processInstanceKey().asc())
                .page(p -> p.limit(2).before(next.page().startCursor())).send().join();
        assertThat(keys(back.items())).containsExactly(alpha.get(2), beta.get(0));
        var start = client().newProcessInstanceSearchRequest().sort(s -> s.processInstanceKey().asc())
                .page(p -> p.limit(4).before(back.page().startCursor())).send().join();
        assertThat(keys(start.items())).containsExactly(alpha.get(0), alpha.get(1));
        var beforeFirst = client().newProcessInstanceSearchRequest().sort(s -> s.processInstanceKey().asc())
                .page(p -> p.limit(4).before(first.page().startCursor())).send().join();
        assertThat(beforeFirst.items()).isEmpty();
        assertThat(beforeFirst.page().totalItems()).isEqualTo(6);
        var offset = client().newProcessInstanceSearchRequest().sort(s -> s.processInstanceKey().desc())
                .page(p -> p.from(1).limit(2)).send().join();
        assertThat(keys(offset.items())).containsExactly(beta.get(1), beta.get(0));
    }

    @Test
    void processInstancesAndUserTasksByVariableValues() {
        assertThat(keys(client().newProcessInstanceSearchRequest()
                .filter(f -> f.variables(List.of(v -> v.name("order").value(p -> p.like("\"a-*"))))).send().join().items()))
                .containsExactlyElementsOf(alpha);
        // the client's map form sends each value's JSON text as $eq
        assertThat(keys(client().newProcessInstanceSearchRequest().filter(f -> f.variables(Map.of("order", "\"b-2\"")))
                .send().join().items())).containsExactly(beta.get(1));
        assertThat(keys(client().newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId("search-alpha").variables(Map.of("priority", "20", "order", "\"a-2\"")))
                .send().join().items())).containsExactly(alpha.get(1));
        assertThat(client().newUserTaskSearchRequest().filter(f -> f.processInstanceVariables(Map.of("priority", "80")))
                .send().join().items()).extracting(t -> t.getProcessInstanceKey()).containsExactly(alpha.get(0));
        assertThat(client().newUserTaskSearchRequest().filter(f -> f.localVariables(Map.of("priority", "80")))
                .send().join().items()).isEmpty();
    }

    @Test
    void userTasksByCandidateGroupPriorityAndState() {
        var ops = client().newUserTaskSearchRequest().filter(f -> f.candidateGroup("ops")).send().join().items();
        assertThat(ops).extracting(t -> t.getProcessInstanceKey()).containsExactly(alpha.get(0), alpha.get(2));
        var anyOf = client().newUserTaskSearchRequest().filter(f -> f.candidateGroup(g -> g.in("legal", "sales")))
                .send().join().items();
        assertThat(anyOf).extracting(t -> t.getProcessInstanceKey()).containsExactly(alpha.get(0), alpha.get(1));
        var likeGroup = client().newUserTaskSearchRequest().filter(f -> f.candidateGroup(g -> g.like("sal*")))
                .send().join().items();
        assertThat(likeGroup).extracting(t -> t.getProcessInstanceKey()).containsExactly(alpha.get(1));
        var urgent = client().newUserTaskSearchRequest().filter(f -> f.priority(p -> p.gt(30)).state(UserTaskState.CREATED))
                .sort(s -> s.priority().desc()).send().join().items();
        assertThat(urgent).extracting(t -> t.getPriority()).containsExactly(80, 50);
        // due dates are compared as instants (a zoned value is stored with its offset)
        var dueSoon = client().newUserTaskSearchRequest()
                .filter(f -> f.dueDate(d -> d.lt(OffsetDateTime.parse("2026-12-03T00:00:00Z")))).send().join().items();
        assertThat(dueSoon).extracting(t -> t.getProcessInstanceKey()).containsExactly(alpha.get(0), alpha.get(2));
        var byDue = client().newUserTaskSearchRequest().sort(s -> s.dueDate().desc()).send().join().items();
        assertThat(byDue).extracting(t -> t.getProcessInstanceKey()).containsExactly(alpha.get(1), alpha.get(0), alpha.get(2));
        assertThat(byDue.getLast().getDueDate()).isEqualTo(OffsetDateTime.parse("2026-11-30T08:00+05:00"));
        var notCreated = client().newUserTaskSearchRequest().filter(f -> f.state(s -> s.neq(UserTaskState.CREATED)))
                .send().join().items();
        assertThat(notCreated).extracting(t -> t.getProcessInstanceKey()).containsExactly(alpha.get(1));
    }

    @Test
    void variablesByNameLikeValueInAndSortedByValue() {
        var orders = client().newVariableSearchRequest()
                .filter(f -> f.name("order").value(v -> v.in("\"a-1\"", "\"b-2\"", "\"g-1\"")))
                .sort(s -> s.value().desc()).send().join().items();
        assertThat(orders).extracting(v -> v.getValue()).containsExactly("\"g-1\"", "\"b-2\"", "\"a-1\"");
        var likeNames = client().newVariableSearchRequest()
                .filter(f -> f.processInstanceKey(alpha.get(0)).name(n -> n.like("gr?ups"))).send().join().items();
        assertThat(likeNames).extracting(v -> v.getName()).containsExactly("groups");
        var notOrder = client().newVariableSearchRequest()
                .filter(f -> f.processInstanceKey(alpha.get(0)).name(n -> n.neq("order"))).sort(s -> s.name().asc())
                .send().join().items();
        assertThat(notOrder).extracting(v -> v.getName()).containsExactly("due", "groups", "priority");
        assertThat(client().newVariableSearchRequest().filter(f -> f.isTruncated(true)).send().join().items()).isEmpty();
    }

    @Test
    void incidentsByCreationTimeAndSorted() {
        var incidents = client().newIncidentSearchRequest()
                .filter(f -> f.creationTime(t -> t.gte(OffsetDateTime.parse("2000-01-01T00:00:00Z"))))
                .sort(s -> s.creationTime().desc()).send().join().items();
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.getProcessInstanceKey()).isEqualTo(gamma);
            assertThat(i.getErrorMessage()).isEqualTo("no funds");
        });
        assertThat(client().newIncidentSearchRequest().filter(f -> f.processInstanceKey(alpha.get(0))).send().join()
                .items()).isEmpty();
    }

    @Test
    void anUnsupportedFilterOrSortIsA400NamingTheProperty() {
        assertThatThrownBy(() -> client().newProcessInstanceSearchRequest().filter(f -> f.elementId("review")).send().join())
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.details().getDetail()).contains("'filter.elementId'");
                });
        assertThatThrownBy(() -> client().newProcessInstanceSearchRequest().sort(s -> s.processDefinitionVersionTag().asc())
                .send().join())
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.details().getDetail()).contains("'processDefinitionVersionTag'");
                });
    }

    @Test
    void malformedValuesAre400sNamingPropertyAndOperator() throws Exception {
        HttpResponse<String> badDate = post("/v2/process-instances/search", "{\"filter\":{\"startDate\":{\"$gt\":\"yesterday\"}}}");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("filter.startDate.$gt");
        HttpResponse<String> badKey = post("/v2/variables/search", "{\"filter\":{\"scopeKey\":{\"$in\":[\"12\",\"twelve\"]}}}");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(badKey.body()).contains("filter.scopeKey.$in").contains("twelve");
        HttpResponse<String> badCursor = post("/v2/user-tasks/search", "{\"page\":{\"after\":\"not-a-cursor\"}}");
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(badCursor.body()).contains("page.after");
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + REST.port() + path))
                    .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
