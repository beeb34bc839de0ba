package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.api.IncidentFilter;
import dev.weft.engine.api.IncidentView;
import dev.weft.engine.api.Page;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Business rule tasks with {@code zeebe:calledDecision}, evaluated by the engine's DMN engine, driven by the Camunda
 * client over gRPC: decision tables with their hit policies, literal expressions, required decisions, incidents for
 * failing and unknown decisions (and their resolution), validation of deployed DMN.
 */
class DecisionTest {

    static EngineHarness h;
    static GrpcEngine grpc;
    static CamundaClient client;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_decisions");
        grpc = GrpcEngine.on(h);
        client = grpc.client;
        client.newDeployResourceCommand().addResourceFromClasspath("dmn/shipping.dmn").send().join();
        client.newDeployResourceCommand().addResourceFromClasspath("gateway/risk.dmn").send().join();
    }

    @AfterAll
    static void stop() {
        if (grpc != null) {
            grpc.close();
        }
    }

    private static void deploy(BpmnModelInstance model) {
        client.newDeployResourceCommand().addProcessModel(model, "decision.bpmn").send().join();
    }

    /** A process with one business rule task {@code rule} calling {@code decisionId} into {@code result}. */
    private static void deployRuleProcess(String processId, String decisionId, String result) {
        deploy(Bpmn.createExecutableProcess(processId).startEvent()
                .businessRuleTask("rule", t -> t.zeebeCalledDecisionId(decisionId).zeebeResultVariable(result))
                .endEvent().done());
    }

    private static long create(String processId, Map<String, Object> variables) {
        return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
                .send().join().getProcessInstanceKey();
    }

    private static List<IncidentView> incidents(long pi) {
        return EngineHarness.await(h.engine.searchIncidents(new IncidentFilter(pi, null, null, null), Page.DEFAULT)).items();
    }

    @Test
    void aDecisionTableWithARequiredLiteralDecisionSetsTheResultVariable() {
        deployRuleProcess("dmn-fee", "fee", "shippingFee");
        long gold = create("dmn-fee", Map.of("orders", 12, "weight", 3));
        long light = create("dmn-fee", Map.of("orders", 1, "weight", 3));
        long heavy = create("dmn-fee", Map.of("orders", 1, "weight", 8));
        assertThat(h.instanceState(gold)).isEqualTo("COMPLETED");
        assertThat(h.variable(gold, "shippingFee")).isEqualTo(0L);
        assertThat(h.variable(light, "shippingFee")).isEqualTo(4.5);
        assertThat(h.variable(heavy, "shippingFee")).isEqualTo(9L);
        assertThat(h.elementIntents(gold, "rule")).containsExactly("ELEMENT_ACTIVATING", "ELEMENT_ACTIVATED",
                "ELEMENT_COMPLETING", "ELEMENT_COMPLETED");
    }

    @Test
    void collectSumAndRuleOrderHitPolicies() {
        deployRuleProcess("dmn-surcharge", "surcharge", "surcharge");
        deployRuleProcess("dmn-labels", "labels", "labels");
        assertThat(h.variable(create("dmn-surcharge", Map.of("weight", 12)), "surcharge")).isEqualTo(6L);
        assertThat(h.variable(create("dmn-labels", Map.of("weight", 12)), "labels")).isEqualTo(List.of(
                Map.of("label", "heavy", "priority", 2L), Map.of("label", "standard", "priority", 1L)));
        assertThat(h.variable(create("dmn-labels", Map.of("weight", 2)), "labels")).isEqualTo(List.of(
                Map.of("label", "standard", "priority", 1L)));
    }

    @Test
    void theDecisionIdMayBeAnExpressionAndFirstTakesTheFirstMatch() {
        deployRuleProcess("dmn-risk", "=\"ri\" + \"sk\"", "risk");
        assertThat(h.variable(create("dmn-risk", Map.of("amount", 5000)), "risk")).isEqualTo("high");
        assertThat(h.variable(create("dmn-risk", Map.of("amount", 10)), "risk")).isEqualTo("low");
    }

    @Test
    void aFailingEvaluationRaisesAnIncidentNamingDecisionAndElementAndIsRetriedOnResolution() {
        deployRuleProcess("dmn-strict", "strict", "band");
        long pi = create("dmn-strict", Map.of("weight", 50));
        assertThat(incidents(pi)).singleElement().satisfies(i -> {
            assertThat(i.errorType()).isEqualTo("DECISION_EVALUATION_ERROR");
            assertThat(i.elementId()).isEqualTo("rule");
            assertThat(i.errorMessage()).contains("'strict'").contains("'rule'");
        });
        assertThat(h.instanceState(pi)).isEqualTo("ACTIVE");

        client.newSetVariablesCommand(pi).variables(Map.of("weight", 500)).send().join();
        client.newResolveIncidentCommand(incidents(pi).getFirst().key()).send().join();
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "band")).isEqualTo("positive");
    }

    @Test
    void anUnknownDecisionRaisesAnIncidentUntilItIsDeployed() {
        deployRuleProcess("dmn-unknown", "late-decision", "answer");
        long pi = create("dmn-unknown", Map.of());
        assertThat(incidents(pi)).singleElement().satisfies(i -> {
            assertThat(i.errorType()).isEqualTo("CALLED_DECISION_ERROR");
            assertThat(i.elementId()).isEqualTo("rule");
            assertThat(i.errorMessage()).contains("no decision found for id 'late-decision'");
        });

        client.newDeployResourceCommand().addResourceStringUtf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="late" name="Late" namespace="http://weft.dev/dmn/late">
                  <decision id="late-decision" name="late decision">
                    <literalExpression id="late-expression"><text>"finally"</text></literalExpression>
                  </decision>
                </definitions>
                """, "late.dmn").send().join();
        client.newResolveIncidentCommand(incidents(pi).getFirst().key()).send().join();
        assertThat(h.instanceState(pi)).isEqualTo("COMPLETED");
        assertThat(h.variable(pi, "answer")).isEqualTo("finally");
    }

    @Test
    void anInvalidDecisionIsRejectedAtDeploymentNamingTheProblem() {
        String broken = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="broken" name="Broken" namespace="http://weft.dev/dmn/broken">
                  <decision id="broken-decision" name="broken decision">
                    <literalExpression id="broken-expression"><text>if then else ((</text></literalExpression>
                  </decision>
                </definitions>
                """;
        assertThatThrownBy(() -> client.newDeployResourceCommand().addResourceStringUtf8(broken, "broken.dmn").send().join())
                .isInstanceOfSatisfying(ClientStatusException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("'broken.dmn' is not a valid DMN resource").contains("if then else");
                });
    }

    @Test
    void aDecisionBoundToItsDeploymentIsRejectedAsNotSupported() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("dmn-bound").startEvent()
                .businessRuleTask("bound", t -> t.zeebeCalledDecisionId("fee").zeebeResultVariable("fee")
                        .zeebeBindingType(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType.deployment))
                .endEvent().done();
        assertThatThrownBy(() -> deploy(model)).isInstanceOfSatisfying(ClientStatusException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("bound").contains("bindingType 'deployment'");
        });
    }

    @Test
    void aBusinessRuleTaskWithoutDecisionOrJobTypeIsRejectedAtDeployment() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("dmn-nothing").startEvent()
                .businessRuleTask("nothing-to-do").endEvent().done();
        assertThatThrownBy(() -> deploy(model)).isInstanceOfSatisfying(ClientStatusException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("nothing-to-do").contains("zeebe:calledDecision");
        });
    }
}
