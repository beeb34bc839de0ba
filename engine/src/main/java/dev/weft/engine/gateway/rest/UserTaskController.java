package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.UserTaskState;
import dev.weft.engine.api.UserTaskView;
import dev.weft.engine.gateway.common.VariablesJson;
import io.camunda.client.protocol.rest.UserTaskAssignmentRequest;
import io.camunda.client.protocol.rest.UserTaskCompletionRequest;
import io.camunda.client.protocol.rest.UserTaskFilter;
import io.camunda.client.protocol.rest.UserTaskResult;
import io.camunda.client.protocol.rest.UserTaskSearchQuery;
import io.camunda.client.protocol.rest.UserTaskSearchQueryResult;
import io.camunda.client.protocol.rest.UserTaskStateEnum;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** User tasks ({@code zeebe:userTask}): search, get, completion, assignment and unassignment. */
@RestController
@RequestMapping("/v2")
public final class UserTaskController {

    private final Engine engine;

    public UserTaskController(Engine engine) {
        this.engine = engine;
    }

    @PostMapping("/user-tasks/search")
    public CompletableFuture<UserTaskSearchQueryResult> search(@RequestBody(required = false) UserTaskSearchQuery query) {
        UserTaskFilter filter = query == null ? null : query.getFilter();
        var page = RestFilters.page(query == null ? null : query.getPage(), RestFilters.sort(
                query == null ? null : query.getSort(), r -> r.getField() == null ? null : r.getField().getValue(),
                r -> r.getOrder()));
        RestFilters criteria = new RestFilters();
        if (filter != null) {
            var state = filter.getState();
            if (state != null) {
                criteria.enumeration("state", state.get$Eq(), state.get$Neq(), state.get$Exists(), state.get$In(),
                        state.get$Like(), UserTaskController::stateName);
            }
            criteria.string("assignee", filter.getAssignee())
                    .integer("priority", filter.getPriority())
                    .plain("elementId", filter.getElementId())
                    .plain("name", filter.getName())
                    .string("candidateGroup", filter.getCandidateGroup())
                    .string("candidateUser", filter.getCandidateUser())
                    .string("tenantId", filter.getTenantId())
                    .plain("processDefinitionId", filter.getProcessDefinitionId())
                    .dateTime("creationDate", filter.getCreationDate())
                    .dateTime("completionDate", filter.getCompletionDate())
                    .dateTime("followUpDate", filter.getFollowUpDate())
                    .dateTime("dueDate", filter.getDueDate())
                    .plainKey("userTaskKey", filter.getUserTaskKey())
                    .plainKey("processDefinitionKey", filter.getProcessDefinitionKey())
                    .plainKey("processInstanceKey", filter.getProcessInstanceKey())
                    .plainKey("elementInstanceKey", filter.getElementInstanceKey())
                    .variables("processInstanceVariables", filter.getProcessInstanceVariables())
                    .variables("localVariables", filter.getLocalVariables());
        }
        var engineFilter = new dev.weft.engine.api.UserTaskFilter(null, null, -1, null, null, criteria.criteria());
        return engine.searchUserTasks(engineFilter, page).thenApply(result -> new UserTaskSearchQueryResult()
                .items(result.items().stream().map(UserTaskController::view).toList())
                .page(RestFilters.pageResponse(result.total(), page, result.items().size())));
    }

    @GetMapping("/user-tasks/{userTaskKey}")
    public CompletableFuture<UserTaskResult> get(@PathVariable("userTaskKey") long userTaskKey) {
        return engine.getUserTask(userTaskKey).thenApply(found -> found.map(UserTaskController::view)
                .orElseThrow(() -> RestProblem.notFound("User task with key '" + userTaskKey + "' not found")));
    }

    @PostMapping("/user-tasks/{userTaskKey}/completion")
    public CompletableFuture<ResponseEntity<Void>> complete(@PathVariable("userTaskKey") long userTaskKey,
                                                            @RequestBody(required = false) UserTaskCompletionRequest body) {
        Map<String, Object> variables = body == null ? Map.of() : VariablesJson.orEmpty(body.getVariables());
        return engine.completeUserTask(userTaskKey, variables, body == null ? null : body.getAction())
                .thenApply(ok -> ResponseEntity.noContent().build());
    }

    @PostMapping("/user-tasks/{userTaskKey}/assignment")
    public CompletableFuture<ResponseEntity<Void>> assign(@PathVariable("userTaskKey") long userTaskKey,
                                                          @RequestBody UserTaskAssignmentRequest body) {
        if (body == null || body.getAssignee() == null || body.getAssignee().isBlank()) {
            throw RestProblem.invalid("Expected property 'assignee' to name a user, but it is missing");
        }
        // Camunda's default for allowOverride is true.
        boolean allowOverride = body.getAllowOverride() == null || body.getAllowOverride();
        return engine.assignUserTask(userTaskKey, body.getAssignee(), allowOverride, body.getAction())
                .thenApply(ok -> ResponseEntity.noContent().build());
    }

    @DeleteMapping("/user-tasks/{userTaskKey}/assignee")
    public CompletableFuture<ResponseEntity<Void>> unassign(@PathVariable("userTaskKey") long userTaskKey) {
        return engine.assignUserTask(userTaskKey, null, true, null).thenApply(ok -> ResponseEntity.noContent().build());
    }

    private static String stateName(UserTaskStateEnum state) {
        return switch (state) {
            case CREATED -> UserTaskState.CREATED.name();
            case COMPLETED -> UserTaskState.COMPLETED.name();
            case CANCELED -> UserTaskState.CANCELED.name();
            default -> throw RestProblem.invalid("Expected property 'filter.state' to be CREATED, COMPLETED or CANCELED, but was "
                    + state.getValue());
        };
    }

    static UserTaskResult view(UserTaskView v) {
        return new UserTaskResult()
                .userTaskKey(RestValues.key(v.key()))
                .name(v.name())
                .elementId(v.elementId())
                .elementInstanceKey(RestValues.key(v.elementInstanceKey()))
                .processInstanceKey(RestValues.key(v.processInstanceKey()))
                .processDefinitionKey(RestValues.key(v.processDefinitionKey()))
                .processDefinitionId(v.bpmnProcessId())
                .processDefinitionVersion(v.processDefinitionVersion())
                .state(switch (v.state()) {
                    case CREATED -> UserTaskStateEnum.CREATED;
                    case COMPLETED -> UserTaskStateEnum.COMPLETED;
                    case CANCELED -> UserTaskStateEnum.CANCELED;
                })
                .assignee(v.assignee())
                .candidateGroups(v.candidateGroups() == null ? new ArrayList<>() : new ArrayList<>(v.candidateGroups()))
                .candidateUsers(v.candidateUsers() == null ? new ArrayList<>() : new ArrayList<>(v.candidateUsers()))
                .dueDate(v.dueDate())
                .followUpDate(v.followUpDate())
                .formKey(v.formKey())
                .priority(v.priority())
                .creationDate(RestValues.date(v.creationDate()))
                .completionDate(RestValues.date(v.completionDate()))
                .customHeaders(new java.util.LinkedHashMap<>())
                .tenantId(RestValues.tenant(v.tenantId()));
    }
}
