package dev.weft.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The element templates must load in Camunda Modeler (the rules below are those of Camunda's element
 * template JSON schema that our templates touch) and must match the job-type contract in docs/job-types.md.
 */
class ElementTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PROPERTY_TYPES = Set.of("String", "Text", "Hidden", "Dropdown", "Boolean", "Number");
    private static final Map<String, String> BINDING_KEY = Map.of(
            "zeebe:taskHeader", "key", "zeebe:input", "name", "zeebe:output", "source",
            "zeebe:taskDefinition", "property", "zeebe:property", "name", "property", "name");
    private static final Set<String> OPTIONAL_BINDINGS = Set.of("zeebe:input", "zeebe:output", "zeebe:property", "zeebe:taskHeader");

    static Stream<String> templates() {
        return WeftTemplates.elementTemplates().stream();
    }

    private static JsonNode load(String resource) throws IOException {
        try (InputStream in = WeftTemplates.open(resource)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void theIndexListsEveryTemplateFileOnce() throws IOException {
        Path folder = Path.of("src/main/resources/element-templates");
        Set<String> onDisk = new HashSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("weft-")).forEach(onDisk::add);
        }
        List<String> indexed = WeftTemplates.elementTemplates().stream()
                .map(r -> r.substring(WeftTemplates.ELEMENT_TEMPLATES.length())).toList();
        assertThat(indexed).doesNotHaveDuplicates();
        assertThat(new HashSet<>(indexed)).isEqualTo(onDisk);
    }

    @ParameterizedTest
    @MethodSource("templates")
    void followsTheElementTemplateSchema(String resource) throws IOException {
        JsonNode t = load(resource);
        List<String> problems = new ArrayList<>();
        for (String field : List.of("$schema", "name", "id", "version", "appliesTo", "properties")) {
            if (!t.hasNonNull(field)) {
                problems.add("missing " + field);
            }
        }
        if (!t.path("version").isInt()) {
            problems.add("version must be an integer");
        }
        t.path("appliesTo").forEach(a -> {
            if (!a.asText().matches("^[\\w\\d]+:[\\w\\d]+$")) {
                problems.add("appliesTo item " + a);
            }
        });
        if (!t.path("elementType").path("value").asText().matches("^[\\w\\d]+:[\\w\\d]+$")) {
            problems.add("elementType.value");
        }
        Set<String> groups = new HashSet<>();
        t.path("groups").forEach(g -> {
            if (!g.hasNonNull("id") || !g.hasNonNull("label")) {
                problems.add("group without id or label: " + g);
            }
            groups.add(g.path("id").asText());
        });
        Set<String> ids = new HashSet<>();
        t.path("properties").forEach(p -> {
            if (p.has("id") && !ids.add(p.path("id").asText())) {
                problems.add("duplicate property id " + p.path("id"));
            }
        });
        int i = 0;
        for (JsonNode p : t.path("properties")) {
            String at = "properties[" + i++ + "] (" + p.path("id").asText() + ")";
            String type = p.path("type").asText();
            String binding = p.path("binding").path("type").asText();
            if (!PROPERTY_TYPES.contains(type)) {
                problems.add(at + ": type " + type);
            }
            if (!BINDING_KEY.containsKey(binding)) {
                problems.add(at + ": binding type " + binding);
            } else if (!p.path("binding").hasNonNull(BINDING_KEY.get(binding))) {
                problems.add(at + ": binding " + binding + " requires " + BINDING_KEY.get(binding));
            }
            if (binding.equals("zeebe:taskDefinition")
                    && !Set.of("type", "retries").contains(p.path("binding").path("property").asText())) {
                problems.add(at + ": zeebe:taskDefinition property must be type or retries");
            }
            if (type.equals("Dropdown")) {
                Set<String> values = new HashSet<>();
                p.path("choices").forEach(c -> {
                    if (!c.hasNonNull("name") || !c.hasNonNull("value")) {
                        problems.add(at + ": choice without name/value");
                    }
                    values.add(c.path("value").asText());
                });
                if (values.isEmpty()) {
                    problems.add(at + ": Dropdown without choices");
                }
                if (p.has("value") && !values.contains(p.path("value").asText())) {
                    problems.add(at + ": default " + p.path("value") + " is not a choice");
                }
            }
            if (p.has("value") && !type.equals("Number") && !(p.path("value").isTextual() || p.path("value").isBoolean())) {
                problems.add(at + ": value must be a string or boolean");
            }
            if (p.path("optional").asBoolean()) {
                if (!OPTIONAL_BINDINGS.contains(binding)) {
                    problems.add(at + ": optional not supported for " + binding);
                }
                if (p.has("constraints") && !p.path("constraints").path("notEmpty").isBoolean()
                        || p.path("constraints").path("notEmpty").asBoolean()) {
                    problems.add(at + ": optional needs constraints.notEmpty=false when constraints are given");
                }
            }
            if (p.has("feel")) {
                if (!Set.of("String", "Text", "Number", "Boolean").contains(type)) {
                    problems.add(at + ": feel on " + type);
                }
                if (p.path("feel").asText().equals("required") && p.has("value") && !p.path("value").asText().startsWith("=")) {
                    problems.add(at + ": FEEL value must start with '='");
                }
            }
            if (p.has("group") && !groups.contains(p.path("group").asText())) {
                problems.add(at + ": unknown group " + p.path("group"));
            }
            if (p.has("condition")) {
                String ref = p.path("condition").path("property").asText();
                if (!ids.contains(ref) || ref.equals(p.path("id").asText())) {
                    problems.add(at + ": condition refers to unknown property " + ref);
                }
            }
            if (p.path("constraints").path("pattern").has("value")) {
                Pattern.compile(p.path("constraints").path("pattern").path("value").asText());
            }
        }
        assertThat(problems).as(resource).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("templates")
    void bindsExactlyOneHiddenJobTypeThatNamesTheFile(String resource) throws IOException {
        JsonNode t = load(resource);
        List<JsonNode> typeBindings = new ArrayList<>();
        t.path("properties").forEach(p -> {
            if (p.path("binding").path("type").asText().equals("zeebe:taskDefinition")
                    && p.path("binding").path("property").asText().equals("type")) {
                typeBindings.add(p);
            }
        });
        assertThat(typeBindings).hasSize(1);
        String jobType = typeBindings.get(0).path("value").asText();
        assertThat(typeBindings.get(0).path("type").asText()).isEqualTo("Hidden");
        assertThat(t.path("metadata").path("weft").path("jobType").asText()).isEqualTo(jobType);
        assertThat(resource).isEqualTo(WeftTemplates.ELEMENT_TEMPLATES + "weft-" + jobType.substring("weft.".length()) + ".json");
        assertThat(t.path("elementType").path("value").asText()).isEqualTo("bpmn:ServiceTask");
        assertThat(t.path("metadata").path("weft").path("outputs").path("type").isTextual())
                .as("typed outputs of " + resource).isTrue();
    }

    @Test
    void everyDocumentedJobTypeHasATemplateWithEveryDocumentedHeader() throws IOException {
        Map<String, Set<String>> documented = documentedHeaders(Files.readString(Path.of("../docs/job-types.md")));
        assertThat(documented).as("job types parsed from docs/job-types.md").hasSizeGreaterThanOrEqualTo(8);
        Map<String, Set<String>> templated = new LinkedHashMap<>();
        for (String resource : WeftTemplates.elementTemplates()) {
            JsonNode t = load(resource);
            Set<String> headers = new LinkedHashSet<>();
            t.path("properties").forEach(p -> {
                if (p.path("binding").path("type").asText().equals("zeebe:taskHeader")) {
                    headers.add(p.path("binding").path("key").asText());
                }
            });
            templated.put(t.path("metadata").path("weft").path("jobType").asText(), headers);
        }
        assertThat(templated.keySet()).containsAll(documented.keySet());
        documented.forEach((type, headers) ->
                assertThat(templated.get(type)).as("headers of " + type).containsAll(headers));
    }

    /**
     * Header names of each "## weft.x" section: the backticked names of its "- Headers:" item (with its indented
     * continuation lines) outside parentheses.
     */
    static Map<String, Set<String>> documentedHeaders(String markdown) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String current = null;
        String[] lines = markdown.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("## ")) {
                current = line.startsWith("## weft.") ? line.substring(3).trim() : null;
                if (current != null) {
                    out.put(current, new LinkedHashSet<>());
                }
            } else if (current != null && line.startsWith("- Headers:")) {
                StringBuilder item = new StringBuilder(line);
                while (i + 1 < lines.length && lines[i + 1].startsWith("  ")) {
                    item.append(' ').append(lines[++i].trim());
                }
                line = item.toString();
                StringBuilder flat = new StringBuilder();
                int depth = 0;
                for (char c : line.toCharArray()) {
                    if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        depth--;
                    } else if (depth == 0) {
                        flat.append(c);
                    }
                }
                Matcher m = Pattern.compile("`([A-Za-z]+)`").matcher(flat);
                while (m.find()) {
                    out.get(current).add(m.group(1));
                }
            }
        }
        return out;
    }
}
