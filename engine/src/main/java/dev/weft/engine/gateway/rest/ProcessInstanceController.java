package dev.weft.engine.gateway.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.engine.api.CreateInstanceCommand;
import dev.weft.engine.api.Criterion;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.ProcessInstanceFilter;
import dev.weft.engine.api.ProcessInstanceState;
import dev.weft.engine.api.ProcessInstanceView;
import dev.weft.engine.gateway.common.Tenants;
import dev.weft.engine.gateway.common.VariablesJson;
import io.camunda.client.protocol.rest.CancelProcessInstanceRequest;
import io.camunda.client.protocol.rest.CreateProcessInstanceResult;
import io.camunda.client.protocol.rest.ProcessInstanceCreationInstruction;
import io.camunda.client.protocol.rest.ProcessInstanceCreationStartInstruction;
import io.camunda.client.protocol.rest.ProcessInstanceFilterFields;
import io.camunda.client.protocol.rest.ProcessInstanceResult;
import io.camunda.client.protocol.rest.ProcessInstanceSearchQuery;
import io.camunda.client.protocol.rest.ProcessInstanceSearchQueryResult;
import io.camunda.client.protocol.rest.ProcessInstanceStateEnum;
import io.camunda.client.protocol.rest.SetVariableRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Process instances: create (optionally awaiting completion), get, search, cancel; and setting variables on an
 * element instance ({@code PUT /v2/element-instances/{key}/variables}).
 */
@RestController
@RequestMapping("/v2")
public final class ProcessInstanceController {

    /** Wait for completion this long when {@code requestTimeout} is absent or 0. */
    static final Duration DEFAULT_AWAIT_TIMEOUT = Duration.ofSeconds(20);
    /** Headroom past the engine's own timeout before the servlet gives up on the request. */
    private static final Duration ASYNC_MARGIN = Duration.ofSeconds(5);
    /** A plain creation is answered once committed; this only guards against a stuck engine. */
    private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(1);

    private final Engine engine;

    public ProcessInstanceController(Engine engine) {
        this.engine = engine;
    }

    /**
     * Creates an instance. With {@code awaitCompletion} the request stays open until the instance completes or
     * {@code requestTimeout} passes; the servlet's own async timeout is set past that, so the engine's answer
     * (result or DEADLINE_EXCEEDED) always wins over a generic 503.
     */
    @PostMapping("/process-instances")
    public DeferredResult<CreateProcessInstanceResult> create(@RequestBody ProcessInstanceCreationInstruction body) {
        if (body == null) {
            throw RestProblem.invalid("Expected a process instance creation instruction as the request body, but it is empty");
        }
        CreateInstanceCommand command = command(body);
        if (Boolean.TRUE.equals(body.getAwaitCompletion())) {
            Duration timeout = body.getRequestTimeout() != null && body.getRequestTimeout() > 0
                    ? Duration.ofMillis(body.getRequestTimeout()) : DEFAULT_AWAIT_TIMEOUT;
            List<String> fetch = body.getFetchVariables() == null ? List.of() : body.getFetchVariables();
            return deferred(timeout.plus(ASYNC_MARGIN), engine.createProcessInstanceWithResult(command, fetch, timeout)
                    .exceptionallyCompose(failure -> unwrap(failure) instanceof TimeoutException
                            ? CompletableFuture.failedFuture(new RestProblem(HttpStatus.GATEWAY_TIMEOUT, "DEADLINE_EXCEEDED",
                                    "Expected the process instance to complete within " + timeout.toMillis()
                                            + " ms, but it did not; the instance keeps running"))
                            : CompletableFuture.failedFuture(failure))
                    .thenApply(r -> new CreateProcessInstanceResult()
                            .processDefinitionId(r.bpmnProcessId())
                            .processDefinitionVersion(r.version())
                            .processDefinitionKey(RestValues.key(r.processDefinitionKey()))
                            .processInstanceKey(RestValues.key(r.processInstanceKey()))
                            .tenantId(RestValues.tenant(r.tenantId()))
                            .variables(r.variables())));
        }
        return deferred(CREATE_TIMEOUT, engine.createProcessInstance(command).thenApply(c -> new CreateProcessInstanceResult()
                .processDefinitionId(c.bpmnProcessId())
                .processDefinitionVersion(c.version())
                .processDefinitionKey(RestValues.key(c.processDefinitionKey()))
                .processInstanceKey(RestValues.key(c.processInstanceKey()))
                .tenantId(RestValues.tenant(c.tenantId()))
                .variables(java.util.Map.of())));
    }

    private static <T> DeferredResult<T> deferred(Duration timeout, CompletableFuture<T> future) {
        // A Throwable as the timeout result is handled like a thrown exception, i.e. by RestErrors.
        DeferredResult<T> result = new DeferredResult<>(timeout.toMillis(), () -> new RestProblem(HttpStatus.GATEWAY_TIMEOUT,
                "DEADLINE_EXCEEDED", "The engine did not answer within " + timeout.toMillis() + " ms"));
        future.whenComplete((value, failure) -> {
            if (failure != null) {
                result.setErrorResult(failure);
            } else {
                result.setResult(value);
            }
        });
        return result;
    }

    @GetMapping("/process-instances/{processInstanceKey}")
    public CompletableFuture<ProcessInstanceResult> get(@PathVariable("processInstanceKey") long processInstanceKey) {
        return engine.getProcessInstance(processInstanceKey).thenApply(found -> found
                .map(ProcessInstanceController::view)
                .orElseThrow(() -> RestProblem.notFound("Process instance with key '" + processInstanceKey + "' not found")));
    }

    @PostMapping("/process-instances/search")
    public CompletableFuture<ProcessInstanceSearchQueryResult> search(@RequestBody(required = false) ProcessInstanceSearchQuery query) {
        var filter = query == null ? null : query.getFilter();
        var page = RestFilters.page(query == null ? null : query.getPage(), RestFilters.sort(
                query == null ? null : query.getSort(), r -> r.getField() == null ? null : r.getField().getValue(),
                r -> r.getOrder()));
        RestFilters criteria = new RestFilters();
        if (filter != null) {
            fields(criteria, FIELDS.convertValue(filter, ProcessInstanceFilterFields.class));
            if (filter.get$Or() != null && !filter.get$Or().isEmpty()) {
                List<List<Criterion>> groups = new ArrayList<>();
                for (ProcessInstanceFilterFields alternative : filter.get$Or()) {
                    groups.add(fields(new RestFilters(), alternative == null ? new ProcessInstanceFilterFields() : alternative)
                            .criteria());
                }
                criteria.or(groups);
            }
        }
        ProcessInstanceFilter engineFilter = new ProcessInstanceFilter(null, -1, null, -1, criteria.criteria());
        return engine.searchProcessInstances(engineFilter, page).thenApply(result -> new ProcessInstanceSearchQueryResult()
                .items(result.items().stream().map(ProcessInstanceController::view).toList())
                .page(RestFilters.pageResponse(result.total(), page, result.items().size())));
    }

    @PostMapping("/process-instances/{processInstanceKey}/cancellation")
    public CompletableFuture<ResponseEntity<Void>> cancel(@PathVariable("processInstanceKey") long processInstanceKey,
                                                          @RequestBody(required = false) CancelProcessInstanceRequest ignored) {
        return engine.cancelProcessInstance(processInstanceKey).thenApply(ok -> ResponseEntity.noContent().build());
    }

    @PutMapping("/element-instances/{elementInstanceKey}/variables")
    public CompletableFuture<ResponseEntity<Void>> setVariables(@PathVariable("elementInstanceKey") long elementInstanceKey,
                                                                @RequestBody SetVariableRequest body) {
        if (body == null || body.getVariables() == null || body.getVariables().isEmpty()) {
            throw RestProblem.invalid("Expected property 'variables' to be a JSON object with at least one variable, but it is missing or empty");
        }
        return engine.setVariables(elementInstanceKey, body.getVariables(), Boolean.TRUE.equals(body.getLocal()))
                .thenApply(ok -> ResponseEntity.noContent().build());
    }

    private static CreateInstanceCommand command(ProcessInstanceCreationInstruction body) {
        String tenant = Tenants.require("tenantId", body.getTenantId());
        long definitionKey = RestValues.parseKey("processDefinitionKey", body.getProcessDefinitionKey());
        String processId = body.getProcessDefinitionId();
        if (definitionKey < 0 && (processId == null || processId.isBlank())) {
            throw RestProblem.invalid("Expected either property 'processDefinitionKey' or 'processDefinitionId' to identify the process, but neither was given");
        }
        if (body.getRuntimeInstructions() != null && !body.getRuntimeInstructions().isEmpty()) {
            throw RestProblem.invalid("Property 'runtimeInstructions' is not supported by Weft");
        }
        List<String> startAt = body.getStartInstructions() == null ? List.of()
                : body.getStartInstructions().stream().map(ProcessInstanceCreationStartInstruction::getElementId)
                .filter(Objects::nonNull).toList();
        Integer version = body.getProcessDefinitionVersion();
        return new CreateInstanceCommand(processId == null || processId.isBlank() ? null : processId, definitionKey,
                version == null || version <= 0 ? CreateInstanceCommand.LATEST_VERSION : version,
                VariablesJson.orEmpty(body.getVariables()), startAt, tenant);
    }

    /** Reads the filter's own properties as the {@code $or} alternatives have them (every property but {@code $or}). */
    private static final ObjectMapper FIELDS = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The criteria of one set of process-instance filter properties (the filter itself or one {@code $or} alternative). */
    private static RestFilters fields(RestFilters criteria, ProcessInstanceFilterFields filter) {
        var state = filter.getState();
        criteria.key("processInstanceKey", filter.getProcessInstanceKey())
                .string("processDefinitionId", filter.getProcessDefinitionId())
                .string("processDefinitionName", filter.getProcessDefinitionName())
                .integer("processDefinitionVersion", filter.getProcessDefinitionVersion())
                .key("processDefinitionKey", filter.getProcessDefinitionKey())
                .key("parentProcessInstanceKey", filter.getParentProcessInstanceKey())
                .key("parentElementInstanceKey", filter.getParentElementInstanceKey())
                .dateTime("startDate", filter.getStartDate())
                .dateTime("endDate", filter.getEndDate())
                .bool("hasIncident", filter.getHasIncident())
                .string("tenantId", filter.getTenantId())
                .variables("variables", filter.getVariables())
                .unsupported("processDefinitionVersionTag", filter.getProcessDefinitionVersionTag())
                .unsupported("tags", filter.getTags())
                .unsupported("batchOperationId", filter.getBatchOperationId())
                .unsupported("errorMessage", filter.getErrorMessage())
                .unsupported("hasRetriesLeft", filter.getHasRetriesLeft())
                .unsupported("elementInstanceState", filter.getElementInstanceState())
                .unsupported("elementId", filter.getElementId())
                .unsupported("hasElementInstanceIncident", filter.getHasElementInstanceIncident())
                .unsupported("incidentErrorHashCode", filter.getIncidentErrorHashCode());
        if (state != null) {
            criteria.enumeration("state", state.get$Eq(), state.get$Neq(), state.get$Exists(), state.get$In(),
                    state.get$Like(), ProcessInstanceController::stateName);
        }
        return criteria;
    }

    private static String stateName(ProcessInstanceStateEnum state) {
        return switch (state) {
            case ACTIVE -> ProcessInstanceState.ACTIVE.name();
            case COMPLETED -> ProcessInstanceState.COMPLETED.name();
            case TERMINATED -> ProcessInstanceState.TERMINATED.name();
            case UNKNOWN_DEFAULT_OPEN_API -> throw RestProblem.invalid("Property 'filter.state' has an unknown value");
        };
    }

    static ProcessInstanceResult view(ProcessInstanceView v) {
        return new ProcessInstanceResult()
                .processInstanceKey(RestValues.key(v.key()))
                .processDefinitionKey(RestValues.key(v.processDefinitionKey()))
                .processDefinitionId(v.bpmnProcessId())
                .processDefinitionName(v.bpmnProcessId())
                .processDefinitionVersion(v.version())
                .state(switch (v.state()) {
                    case ACTIVE -> ProcessInstanceStateEnum.ACTIVE;
                    case COMPLETED -> ProcessInstanceStateEnum.COMPLETED;
                    case TERMINATED -> ProcessInstanceStateEnum.TERMINATED;
                })
                .startDate(RestValues.date(v.startDate()))
                .endDate(RestValues.date(v.endDate()))
                .hasIncident(v.hasIncident())
                .parentProcessInstanceKey(RestValues.optionalKey(v.parentProcessInstanceKey()))
                .parentElementInstanceKey(RestValues.optionalKey(v.parentElementInstanceKey()))
                .tenantId(RestValues.tenant(v.tenantId()));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
