package dev.weft.designer.run;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Test runs of drafts and single-node re-runs under {@code /api/designer/flows/{flowId}/test-runs}. */
@RestController
@RequestMapping("/api/designer/flows/{flowId}/test-runs")
public class TestRunController {

    private final TestRunService runs;

    public TestRunController(TestRunService runs) {
        this.runs = runs;
    }

    private static String actor(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    private static ResponseEntity<TestRunView> accepted(TestRunView v) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/designer/flows/" + v.flowId() + "/test-runs/" + v.id())).body(v);
    }

    @PostMapping
    public ResponseEntity<TestRunView> start(@PathVariable UUID flowId,
                                             @RequestBody(required = false) TestRunRequests.Start body,
                                             Principal principal) {
        return accepted(runs.start(flowId, body, actor(principal)));
    }

    @GetMapping
    public List<TestRunView> list(@PathVariable UUID flowId) {
        return runs.list(flowId);
    }

    @GetMapping("/{runId}")
    public TestRunView get(@PathVariable UUID flowId, @PathVariable UUID runId) {
        return runs.get(flowId, runId);
    }

    @GetMapping(value = "/{runId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable UUID flowId, @PathVariable UUID runId,
                             @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        return runs.stream(flowId, runId, lastEventId);
    }

    @PostMapping("/{runId}/nodes/{nodeId}/rerun")
    public ResponseEntity<TestRunView> rerun(@PathVariable UUID flowId, @PathVariable UUID runId,
                                             @PathVariable String nodeId,
                                             @RequestBody(required = false) TestRunRequests.Rerun body,
                                             Principal principal) {
        return accepted(runs.rerun(flowId, runId, nodeId, body, actor(principal)));
    }
}
