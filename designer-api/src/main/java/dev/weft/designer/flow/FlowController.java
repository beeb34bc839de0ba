package dev.weft.designer.flow;

import dev.weft.designer.graph.FlowGraph;
import dev.weft.designer.validation.Issue;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Flows, drafts, validation, versions, import and export under {@code /api/designer}. */
@RestController
@RequestMapping("/api/designer")
public class FlowController {

    static final String BPMN_XML = "application/bpmn+xml";

    private final FlowService flows;

    public FlowController(FlowService flows) {
        this.flows = flows;
    }

    private static String actor(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    @PostMapping("/flows")
    public ResponseEntity<FlowSummary> create(@RequestBody FlowRequests.Create body, Principal principal) {
        FlowSummary f = flows.create(body, actor(principal));
        return ResponseEntity.created(URI.create("/api/designer/flows/" + f.id())).body(f);
    }

    @GetMapping("/flows")
    public FlowPage list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
                         @RequestParam(defaultValue = "20") int size) {
        return flows.list(q, page, size);
    }

    @GetMapping("/flows/{id}")
    public FlowSummary get(@PathVariable UUID id) {
        return flows.get(id);
    }

    @PatchMapping("/flows/{id}")
    public FlowSummary update(@PathVariable UUID id, @RequestBody FlowRequests.Update body, Principal principal) {
        return flows.update(id, body, actor(principal));
    }

    @DeleteMapping("/flows/{id}")
    public ResponseEntity<Void> delete(@PathVariable UUID id, Principal principal) {
        flows.delete(id, actor(principal));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/flows/{id}/draft")
    public ResponseEntity<Draft> draft(@PathVariable UUID id) {
        Draft d = flows.draft(id);
        return ResponseEntity.ok().eTag(GraphHash.header(d.etag())).body(d);
    }

    @PutMapping("/flows/{id}/draft")
    public ResponseEntity<Draft> saveDraft(@PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestBody FlowGraph graph, Principal principal) {
        Draft d = flows.saveDraft(id, ifMatch, graph, actor(principal));
        return ResponseEntity.ok().eTag(GraphHash.header(d.etag())).body(d);
    }

    @PostMapping("/validate")
    public List<Issue> validate(@RequestBody FlowGraph graph) {
        return flows.validate(graph);
    }

    @PostMapping("/flows/{id}/versions")
    public ResponseEntity<VersionSummary> publish(@PathVariable UUID id, @RequestBody FlowRequests.Publish body,
                                                  @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  Principal principal) {
        VersionSummary v = flows.publish(id, body, ifMatch, actor(principal));
        return ResponseEntity.created(URI.create("/api/designer/flows/" + id + "/versions/" + v.version())).body(v);
    }

    @GetMapping("/flows/{id}/versions")
    public List<VersionSummary> versions(@PathVariable UUID id) {
        return flows.versions(id);
    }

    @GetMapping("/flows/{id}/versions/{version}")
    public VersionDetail version(@PathVariable UUID id, @PathVariable int version) {
        return flows.version(id, version);
    }

    @GetMapping(value = "/flows/{id}/versions/{version}/bpmn", produces = {BPMN_XML, MediaType.APPLICATION_XML_VALUE})
    public String versionBpmn(@PathVariable UUID id, @PathVariable int version) {
        return flows.versionBpmn(id, version);
    }

    @PostMapping("/flows/{id}/versions/{version}/restore")
    public ResponseEntity<Draft> restore(@PathVariable UUID id, @PathVariable int version,
                                         @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                         Principal principal) {
        Draft d = flows.restore(id, version, ifMatch, actor(principal));
        return ResponseEntity.ok().eTag(GraphHash.header(d.etag())).body(d);
    }

    @GetMapping("/flows/{id}/diff")
    public GraphDiff diff(@PathVariable UUID id, @RequestParam String from, @RequestParam(defaultValue = "draft") String to) {
        return flows.diff(id, from, to);
    }

    @GetMapping("/flows/{id}/history")
    public List<HistoryEntry> history(@PathVariable UUID id) {
        return flows.history(id);
    }

    @PostMapping(value = "/flows/import", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ImportedFlow> importGraph(@RequestBody FlowGraph graph, @RequestParam(required = false) String name,
                                                    Principal principal) {
        ImportedFlow f = flows.importGraph(graph, name, actor(principal));
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/designer/flows/" + f.flow().id())).body(f);
    }

    @PostMapping(value = "/flows/import", consumes = {BPMN_XML, MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
    public ResponseEntity<ImportedFlow> importBpmn(@RequestBody String xml, @RequestParam(required = false) String name,
                                                   Principal principal) {
        ImportedFlow f = flows.importBpmn(xml, name, actor(principal));
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/designer/flows/" + f.flow().id())).body(f);
    }

    @GetMapping(value = "/flows/{id}/export", params = "format=graph", produces = MediaType.APPLICATION_JSON_VALUE)
    public FlowGraph exportGraph(@PathVariable UUID id) {
        return flows.exportGraph(id);
    }

    @GetMapping(value = "/flows/{id}/export", params = "format=bpmn", produces = {BPMN_XML, MediaType.APPLICATION_XML_VALUE})
    public String exportBpmn(@PathVariable UUID id) {
        return flows.exportBpmn(id);
    }
}
