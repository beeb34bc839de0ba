package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.IncidentState;
import dev.weft.engine.api.IncidentView;
import io.camunda.client.protocol.rest.IncidentFilter;
import io.camunda.client.protocol.rest.IncidentResolutionRequest;
import io.camunda.client.protocol.rest.IncidentResult;
import io.camunda.client.protocol.rest.IncidentSearchQuery;
import io.camunda.client.protocol.rest.IncidentSearchQueryResult;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Incidents: search, get, resolution. */
@RestController
@RequestMapping("/v2")
public final class IncidentController {

    private final Engine engine;

    public IncidentController(Engine engine) {
        this.engine = engine;
    }

    @PostMapping("/incidents/search")
    public CompletableFuture<IncidentSearchQueryResult> search(@RequestBody(required = false) IncidentSearchQuery query) {
        IncidentFilter filter = query == null ? null : query.getFilter();
        var page = RestValues.page(query == null ? null : query.getPage());
        if (filter != null && filter.getIncidentKey() != null) {
            long key = RestValues.parseKey("filter.incidentKey", filter.getIncidentKey());
            return engine.getIncident(key).thenApply(found -> new IncidentSearchQueryResult()
                    .items(found.map(IncidentController::view).stream().toList())
                    .page(RestValues.pageResponse(found.isPresent() ? 1 : 0)));
        }
        dev.weft.engine.api.IncidentFilter engineFilter = filter == null ? dev.weft.engine.api.IncidentFilter.ALL
                : new dev.weft.engine.api.IncidentFilter(
                        RestValues.parseKey("filter.processInstanceKey", filter.getProcessInstanceKey()),
                        state(filter.getState()),
                        filter.getErrorType() == null ? null : filter.getErrorType().getValue(),
                        filter.getElementId());
        return engine.searchIncidents(engineFilter, page).thenApply(result -> new IncidentSearchQueryResult()
                .items(result.items().stream().map(IncidentController::view).toList())
                .page(RestValues.pageResponse(result.total())));
    }

    @GetMapping("/incidents/{incidentKey}")
    public CompletableFuture<IncidentResult> get(@PathVariable("incidentKey") long incidentKey) {
        return engine.getIncident(incidentKey).thenApply(found -> found.map(IncidentController::view)
                .orElseThrow(() -> RestProblem.notFound("Incident with key '" + incidentKey + "' not found")));
    }

    @PostMapping("/incidents/{incidentKey}/resolution")
    public CompletableFuture<ResponseEntity<Void>> resolve(@PathVariable("incidentKey") long incidentKey,
                                                           @RequestBody(required = false) IncidentResolutionRequest ignored) {
        return engine.resolveIncident(incidentKey).thenApply(ok -> ResponseEntity.noContent().build());
    }

    private static IncidentState state(IncidentFilter.StateEnum state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case ACTIVE -> IncidentState.ACTIVE;
            case RESOLVED -> IncidentState.RESOLVED;
            default -> throw RestProblem.invalid("Expected property 'filter.state' to be ACTIVE or RESOLVED, but was " + state.getValue());
        };
    }

    static IncidentResult view(IncidentView v) {
        return new IncidentResult()
                .incidentKey(RestValues.key(v.key()))
                .processInstanceKey(RestValues.key(v.processInstanceKey()))
                .processDefinitionKey(RestValues.key(v.processDefinitionKey()))
                .processDefinitionId(v.bpmnProcessId())
                .elementId(v.elementId())
                .elementInstanceKey(RestValues.key(v.elementInstanceKey()))
                .jobKey(RestValues.optionalKey(v.jobKey()))
                .errorType(IncidentResult.ErrorTypeEnum.fromValue(v.errorType()))
                .errorMessage(v.errorMessage())
                .state(v.state() == IncidentState.ACTIVE ? IncidentResult.StateEnum.ACTIVE : IncidentResult.StateEnum.RESOLVED)
                .creationTime(RestValues.date(v.creationTime()))
                .tenantId(RestValues.tenant(v.tenantId()));
    }
}
