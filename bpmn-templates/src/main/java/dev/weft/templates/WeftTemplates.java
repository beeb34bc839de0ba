package dev.weft.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the resources of this jar: Camunda element templates (one per built-in job type) and ready
 * pipelines (.bpmn). Class-path scanning inside jars is fragile, so {@code index.json} files name them.
 */
public final class WeftTemplates {

    /** Folder of the element templates; Camunda Modeler loads these files as they are. */
    public static final String ELEMENT_TEMPLATES = "element-templates/";
    /** Folder of the ready pipelines. */
    public static final String PIPELINES = "templates/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WeftTemplates() {
    }

    /** Class-path resource names of every element template, e.g. {@code element-templates/weft-llm.json}. */
    public static List<String> elementTemplates() {
        return list(ELEMENT_TEMPLATES, "elementTemplates");
    }

    /** Class-path resource names of every ready pipeline, e.g. {@code templates/rag-answer.bpmn}. */
    public static List<String> pipelines() {
        return list(PIPELINES, "pipelines");
    }

    /** Opens one resource listed by this class; the caller closes the stream. */
    public static InputStream open(String resource) {
        InputStream in = WeftTemplates.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("No resource '" + resource + "' in weft-bpmn-templates");
        }
        return in;
    }

    private static List<String> list(String folder, String field) {
        try (InputStream in = open(folder + "index.json")) {
            JsonNode names = JSON.readTree(in).path(field);
            List<String> out = new ArrayList<>();
            names.forEach(n -> out.add(folder + n.asText()));
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable " + folder + "index.json in weft-bpmn-templates", e);
        }
    }
}
