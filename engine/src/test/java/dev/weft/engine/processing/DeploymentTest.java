package dev.weft.engine.processing;

import static dev.weft.engine.testing.EngineHarness.assertRejected;
import static dev.weft.engine.testing.EngineHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.DeployCommand;
import dev.weft.engine.api.DeploymentResult;
import dev.weft.engine.api.RejectionType;
import dev.weft.engine.api.Resource;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeploymentTest {

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_deploy");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static Resource resource(String name, String content) {
        return new Resource(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
            + "xmlns:zeebe=\"http://camunda.org/schema/zeebe/1.0\" id=\"defs\" targetNamespace=\"http://bpmn.io/schema/bpmn\">\n";

    @Test
    void shouldVersionProcessesAndKeepTheVersionOfAnUnchangedRedeployment() {
        String xml = Bpmn.convertToString(Bpmn.createExecutableProcess("versioned").startEvent().endEvent().done());
        var v1 = h.deploy("versioned.bpmn", xml);
        var same = h.deploy("versioned.bpmn", xml);
        var v2 = h.deploy(Bpmn.createExecutableProcess("versioned").startEvent().manualTask("m").endEvent().done());
        assertThat(v1.processes().get(0).version()).isEqualTo(1);
        assertThat(same.processes().get(0).processDefinitionKey()).isEqualTo(v1.processes().get(0).processDefinitionKey());
        assertThat(v2.processes().get(0).version()).isEqualTo(2);
        long pi = h.create("versioned");
        assertThat(await(h.engine.getProcessInstance(pi)).orElseThrow().version()).isEqualTo(2);
        assertThat(await(h.engine.getProcessDefinitionXml(v2.processes().get(0).processDefinitionKey())).orElseThrow())
                .contains("id=\"m\"");
    }

    @Test
    void shouldRejectMalformedXmlNamingTheResource() {
        assertRejected(h.engine.deploy(DeployCommand.of(resource("broken.bpmn", HEADER + "<bpmn:process id=\"p\""))),
                RejectionType.INVALID_ARGUMENT, "'broken.bpmn' is not well-formed XML");
    }

    @Test
    void shouldRejectDoctypesSoNoExternalEntityIsEverResolved() {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\" "
                + "targetNamespace=\"x\"><bpmn:process id=\"p\" name=\"&xxe;\" isExecutable=\"true\"/></bpmn:definitions>";
        assertRejected(h.engine.deploy(DeployCommand.of(resource("xxe.bpmn", xxe))), RejectionType.INVALID_ARGUMENT,
                "'xxe.bpmn' must not contain a DOCTYPE declaration");
    }

    @Test
    void shouldListEveryUnsupportedOrInvalidElementById() {
        String xml = HEADER + "<bpmn:process id=\"bad\" isExecutable=\"true\">\n"
                + "<bpmn:startEvent id=\"start\"/>\n"
                + "<bpmn:complexGateway id=\"complex\"/>\n"
                + "<bpmn:serviceTask id=\"badFeel\"><bpmn:extensionElements><zeebe:taskDefinition type=\"x\"/>"
                + "<zeebe:ioMapping><zeebe:input source=\"= a +* b\" target=\"c\"/></zeebe:ioMapping>"
                + "</bpmn:extensionElements></bpmn:serviceTask>\n"
                + "<bpmn:serviceTask id=\"noType\"/>\n"
                + "</bpmn:process></bpmn:definitions>";
        assertRejected(h.engine.deploy(DeployCommand.of(resource("bad.bpmn", xml))), RejectionType.INVALID_ARGUMENT,
                "Element: complex");
        try {
            await(h.engine.deploy(DeployCommand.of(resource("bad.bpmn", xml))));
        } catch (dev.weft.engine.api.EngineRejectedException e) {
            assertThat(e.getMessage()).contains("Element: complex", "Element: badFeel", "Element: noType",
                    "is not a valid FEEL expression");
        }
    }

    @Test
    void shouldRejectTheWholeDeploymentWhenOneResourceIsInvalid() {
        String good = Bpmn.convertToString(Bpmn.createExecutableProcess("all-or-nothing").startEvent().endEvent().done());
        assertRejected(h.engine.deploy(new DeployCommand(java.util.List.of(resource("good.bpmn", good),
                resource("notes.txt", "hello")), null)), RejectionType.INVALID_ARGUMENT, "'notes.txt'");
        assertRejected(h.engine.createProcessInstance(dev.weft.engine.api.CreateInstanceCommand.latest("all-or-nothing",
                Map.of())), RejectionType.NOT_FOUND, "process ID 'all-or-nothing'");
    }

    @Test
    void shouldRejectResourcesAboveTheSizeLimit() {
        byte[] huge = new byte[5 * 1024 * 1024];
        assertRejected(h.engine.deploy(DeployCommand.of(new Resource("huge.bpmn", huge))),
                RejectionType.INVALID_ARGUMENT, "more than the limit");
    }

    @Test
    void shouldStoreFormsAndDecisions() {
        DeploymentResult r = await(h.engine.deploy(new DeployCommand(java.util.List.of(
                resource("review.form", "{\"id\":\"review-form\",\"components\":[]}"),
                resource("rules.dmn", "<?xml version=\"1.0\"?><definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" "
                        + "id=\"rules\" name=\"Rules\" namespace=\"x\"/>")), null)));
        assertThat(r.forms()).singleElement().satisfies(f -> assertThat(f.formId()).isEqualTo("review-form"));
        assertThat(r.decisions()).singleElement().satisfies(d -> assertThat(d.decisionRequirementsId()).isEqualTo("rules"));
    }

    @Test
    void shouldDeleteAProcessDefinitionSoNoNewInstanceStarts() {
        var d = h.deploy(Bpmn.createExecutableProcess("deleted").startEvent().endEvent().done());
        await(h.engine.deleteResource(d.processes().get(0).processDefinitionKey()));
        assertRejected(h.engine.createProcessInstance(dev.weft.engine.api.CreateInstanceCommand.latest("deleted", Map.of())),
                RejectionType.NOT_FOUND, "'deleted'");
        assertRejected(h.engine.deleteResource(d.processes().get(0).processDefinitionKey()), RejectionType.NOT_FOUND,
                "no resource found");
    }

    @Test
    void shouldRejectVariablesThatAreNotAnObjectOfNamedValues() {
        h.deploy(Bpmn.createExecutableProcess("vars").startEvent().endEvent().done());
        java.util.Map<String, Object> bad = new java.util.HashMap<>();
        bad.put("", 1);
        assertRejected(h.engine.createProcessInstance(dev.weft.engine.api.CreateInstanceCommand.latest("vars", bad)),
                RejectionType.INVALID_ARGUMENT, "non-empty");
    }
}
