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
        var page = RestFilters.page(query == null ? null : query.getPage(), RestFilters.sort(
                query == null ? null : query.getSort(), r -> r.getField() == null ? null : r.getField().getValue(),
                r -> r.getOrder()));
        RestFilters criteria = new RestFilters();
        if (filter != null) {
            criteria.plainKey("incidentKey", filter.getIncidentKey())
                    .plain("processDefinitionId", filter.getProcessDefinitionId())
                    .plain("errorType", filter.getErrorType() == null ? null : errorType(filter.getErrorType()))
                    .plain("errorMessage", filter.getErrorMessage())
                    .plain("elementId", filter.getElementId())
                    .dateTime("creationTime", filter.getCreationTime())
                    .plain("state", filter.getState() == null ? null : state(filter.getState()).name())
                    .plain("tenantId", filter.getTenantId())
                    .plainKey("processDefinitionKey", filter.getProcessDefinitionKey())
                    .plainKey("processInstanceKey", filter.getProcessInstanceKey())
                    .plainKey("elementInstanceKey", filter.getElementInstanceKey())
                    .plainKey("jobKey", filter.getJobKey());
        }
        var engineFilter = new dev.weft.engine.api.IncidentFilter(-1, null, null, null, criteria.criteria());
        return engine.searchIncidents(engineFilter, page).thenApply(result -> new IncidentSearchQueryResult()
                .items(result.items().stream().map(IncidentController::view).toList())
                .page(RestFilters.pageResponse(result.total(), page, result.items().size())));
    }

    private static String errorType(IncidentFilter.ErrorTypeEnum type) {
        if (type == IncidentFilter.ErrorTypeEnum.UNKNOWN_DEFAULT_OPEN_API) {
            throw RestProblem.invalid("Property 'filter.errorType' has an unknown value");
        }
        return type.getValue();
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
