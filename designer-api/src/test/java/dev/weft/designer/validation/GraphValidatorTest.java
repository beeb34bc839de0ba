package dev.weft.designer.validation;

import static dev.weft.designer.TestJson.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.designer.TestJson;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.graph.FlowGraph;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class GraphValidatorTest {

    private final GraphValidator validator = new GraphValidator(NodeCatalog.load(JSON), new FeelChecker());

    private List<Issue> validate(Consumer<ObjectNode> change) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(TestJson.resource("graphs/rag-with-review.json"));
        change.accept(doc);
        return validator.validate(JSON.treeToValue(doc, FlowGraph.class));
    }

    private static ObjectNode node(ObjectNode doc, int i) {
        return (ObjectNode) doc.withArray("nodes").get(i);
    }

    @Test
    void aCompleteFlowHasNoIssues() throws Exception {
        assertThat(validate(doc -> { })).isEmpty();
    }

    @Test
    void reportsMissingSettingsOnTheNodeWithAPointer() throws Exception {
        List<Issue> issues = validate(doc -> ((ObjectNode) node(doc, 2).get("settings")).remove("collection"));
        assertThat(issues).extracting(Issue::severity, Issue::code, Issue::nodeId, Issue::pointer)
                .containsExactly(tuple(Issue.Severity.ERROR, "MISSING_SETTING", "search", "/nodes/2/settings/collection"));
    }

    @Test
    void reportsWrongSettingTypesBadEnumValuesAndUnknownSettings() throws Exception {
        List<Issue> issues = validate(doc -> {
            ObjectNode s = (ObjectNode) node(doc, 2).get("settings");
            s.put("topK", "five");
            s.put("mode", "fuzzy");
            s.put("colour", "blue");
        });
        assertThat(issues).extracting(Issue::code, Issue::pointer).containsExactlyInAnyOrder(
                tuple("TYPE_MISMATCH", "/nodes/2/settings/topK"),
                tuple("INVALID_SETTING", "/nodes/2/settings/mode"),
                tuple("UNKNOWN_SETTING", "/nodes/2/settings/colour"));
        assertThat(issues).filteredOn(i -> i.code().equals("UNKNOWN_SETTING")).allMatch(i -> i.severity() == Issue.Severity.WARNING);
    }

    @Test
    void reportsReferencesToUnknownNodesOutputsAndFields() throws Exception {
        List<Issue> issues = validate(doc -> {
            ObjectNode s = (ObjectNode) node(doc, 2).get("settings");
            s.putObject("input.query").putArray("selector").add("nowhere").add("x");
            ((ObjectNode) node(doc, 1).get("settings")).putObject("input.text").putArray("selector").add("start").add("topic");
            ((ObjectNode) node(doc, 6).get("settings").get("outputs")).putObject("bad").putArray("selector")
                    .add("answer").add("answer").add("txt");
        });
        assertThat(issues).extracting(Issue::code, Issue::nodeId, Issue::pointer).containsExactlyInAnyOrder(
                tuple("UNKNOWN_REFERENCE", "search", "/nodes/2/settings/input.query"),
                tuple("UNKNOWN_REFERENCE", "guard", "/nodes/1/settings/input.text"),
                tuple("UNKNOWN_REFERENCE", "done", "/nodes/6/settings/outputs/bad"));
        assertThat(issues).filteredOn(i -> i.nodeId().equals("done")).first()
                .extracting(Issue::message).asString().contains("has no field 'txt'").contains("text");
    }

    @Test
    void reportsTypeMismatchesBetweenASelectorAndWhatTheSettingExpects() throws Exception {
        List<Issue> issues = validate(doc -> ((ObjectNode) node(doc, 1).get("settings")).putObject("input.text")
                .putArray("selector").add("search").add("passages"));
        // guard runs before search, and search's passages are a list where guard expects text
        assertThat(issues).extracting(Issue::code).containsExactlyInAnyOrder("REFERENCE_NOT_UPSTREAM", "TYPE_MISMATCH");
        assertThat(issues).filteredOn(i -> i.code().equals("TYPE_MISMATCH")).first().extracting(Issue::message).asString()
                .contains("expects string").contains("is array");
    }

    @Test
    void reportsInvalidAndUnsafeFeel() throws Exception {
        List<Issue> issues = validate(doc -> {
            ((ObjectNode) doc.withArray("edges").get(4)).put("condition", "=answer.answer.fallbackUsed = ");
            ((ObjectNode) node(doc, 6).get("settings").get("outputs")).put("x",
                    "=function(a) external {java: {class: \"java.lang.System\", method signature: \"exit(int)\"}}");
        });
        assertThat(issues).extracting(Issue::code, Issue::edgeId, Issue::nodeId).containsExactlyInAnyOrder(
                tuple("FEEL_INVALID", "e5", null), tuple("FEEL_UNSAFE", null, "done"));
    }

    @Test
    void reportsCyclesDanglingEdgesAndUnreachableNodes() throws Exception {
        List<Issue> issues = validate(doc -> {
            ArrayNode edges = doc.withArray("edges");
            edges.addObject().put("id", "back").put("source", "answer").put("target", "search");
            edges.addObject().put("id", "loose").put("source", "review").put("target", "ghost");
            doc.withArray("nodes").addObject().put("id", "island").put("type", "script")
                    .putObject("settings").put("expression", "=1 + 1");
        });
        assertThat(issues).extracting(Issue::code, Issue::nodeId, Issue::edgeId).contains(
                tuple("CYCLE", "search", "back"),
                tuple("DANGLING_EDGE", null, "loose"),
                tuple("UNREACHABLE_NODE", "island", null));
        assertThat(issues).filteredOn(i -> i.code().equals("DANGLING_EDGE")).first().extracting(Issue::pointer).isEqualTo("/edges/8/target");
    }

    @Test
    void reportsBranchEdgesWithoutConditionsAndBrokenErrorPolicies() throws Exception {
        List<Issue> issues = validate(doc -> {
            ((ObjectNode) doc.withArray("edges").get(5)).remove("isDefault");
            ((ObjectNode) node(doc, 2).get("errorPolicy")).put("onError", "fallback").put("backoff", "5 seconds");
        });
        assertThat(issues).extracting(Issue::code, Issue::pointer).containsExactlyInAnyOrder(
                tuple("MISSING_CONDITION", "/edges/5/condition"),
                tuple("NO_DEFAULT_EDGE", "/nodes/4"),
                tuple("INVALID_SETTING", "/nodes/2/errorPolicy/onError"),
                tuple("INVALID_DURATION", "/nodes/2/errorPolicy/backoff"));
    }

    @Test
    void reportsStructuralProblemsWithIdsTypesAndStartNodes() throws Exception {
        List<Issue> issues = validate(doc -> {
            node(doc, 0).put("type", "begin");
            node(doc, 5).put("id", "guard");
            node(doc, 3).put("id", "2nd");
        });
        assertThat(issues).extracting(Issue::code).contains("UNKNOWN_NODE_TYPE", "DUPLICATE_ID", "INVALID_ID", "NO_START");
    }

    @Test
    void reservesDoubleUnderscoreIdsForGeneratedElementsAndAcceptsBranchNodesThatOnlyMerge() throws Exception {
        List<Issue> issues = validate(doc -> {
            node(doc, 1).put("id", "guard__error");
            ((ObjectNode) doc.withArray("edges").get(0)).put("target", "guard__error");
            ((ObjectNode) doc.withArray("edges").get(1)).put("source", "guard__error");
        });
        assertThat(issues).extracting(Issue::code, Issue::pointer).contains(tuple("INVALID_ID", "/nodes/1/id"));
        // A branch node with one unconditioned way out merges paths: nothing to decide, nothing to report.
        List<Issue> merge = validate(doc -> {
            ArrayNode edges = doc.withArray("edges");
            edges.remove(6);
            edges.remove(5);
            edges.remove(4);
            edges.addObject().put("id", "e5").put("source", "confident").put("target", "done");
            ArrayNode nodes = doc.withArray("nodes");
            nodes.remove(5);
        });
        assertThat(merge).isEmpty();
    }
}
