package dev.weft.designer.flow;

import dev.weft.designer.bpmn.BpmnImportException;
import dev.weft.designer.bpmn.BpmnImporter;
import dev.weft.designer.bpmn.ImportResult;
import dev.weft.templates.WeftTemplates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ready pipelines of {@code weft-bpmn-templates}: list them, and start a flow from one (its BPMN imported into
 * a new flow's draft, as an analyst would import the file).
 */
@RestController
@RequestMapping("/api/designer/templates")
public class TemplateController {

    /** One ready pipeline; {@code id} is its file name without {@code .bpmn}. */
    public record Template(String id, String name, String processId, int nodes) {
    }

    private final FlowService flows;
    private final Map<String, String> xmlById = new LinkedHashMap<>();
    private final List<Template> templates = new ArrayList<>();

    public TemplateController(FlowService flows, BpmnImporter importer) {
        this.flows = flows;
        for (String resource : WeftTemplates.pipelines()) {
            String id = resource.substring(resource.lastIndexOf('/') + 1).replaceFirst("\\.bpmn$", "");
            String xml = read(resource);
            try {
                ImportResult r = importer.importXml(xml);
                templates.add(new Template(id, r.graph().name(), r.processId(), r.graph().nodes().size()));
            } catch (BpmnImportException e) {
                throw new IllegalStateException("Template " + resource + " does not import: " + e.getMessage(), e);
            }
            xmlById.put(id, xml);
        }
    }

    private static String read(String resource) {
        try (InputStream in = WeftTemplates.open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping
    public List<Template> list() {
        return templates;
    }

    @PostMapping("/{id}/flows")
    public ResponseEntity<ImportedFlow> createFlow(@PathVariable String id, @RequestParam(required = false) String name,
                                                   Principal principal) {
        String xml = xmlById.get(id);
        if (xml == null) {
            throw new DesignerException.NotFound("No template '" + id + "'; the templates are " + xmlById.keySet() + ".");
        }
        ImportedFlow f = flows.importBpmn(xml, name, principal == null ? null : principal.getName());
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/designer/flows/" + f.flow().id())).body(f);
    }
}
