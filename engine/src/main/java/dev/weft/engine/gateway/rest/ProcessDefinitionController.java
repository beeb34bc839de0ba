package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.ElementInstanceView;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.ProcessDefinitionView;
import io.camunda.client.protocol.rest.ElementInstanceFilter;
import io.camunda.client.protocol.rest.ElementInstanceResult;
import io.camunda.client.protocol.rest.ElementInstanceSearchQuery;
import io.camunda.client.protocol.rest.ElementInstanceSearchQueryResult;
import io.camunda.client.protocol.rest.ElementInstanceStateEnum;
import io.camunda.client.protocol.rest.ProcessDefinitionFilter;
import io.camunda.client.protocol.rest.ProcessDefinitionResult;
import io.camunda.client.protocol.rest.ProcessDefinitionSearchQuery;
import io.camunda.client.protocol.rest.ProcessDefinitionSearchQueryResult;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read models for ops tooling: process definitions (get, search, BPMN XML) and the element instances of a
 * process instance.
 */
@RestController
@RequestMapping("/v2")
public final class ProcessDefinitionController {

    private final Engine engine;

    public ProcessDefinitionController(Engine engine) {
        this.engine = engine;
    }

    @GetMapping("/process-definitions/{processDefinitionKey}")
    public CompletableFuture<ProcessDefinitionResult> get(@PathVariable("processDefinitionKey") long key) {
        return engine.getProcessDefinition(key).thenApply(found -> found.map(ProcessDefinitionController::view)
                .orElseThrow(() -> RestProblem.notFound("Process definition with key '" + key + "' not found")));
    }

    /**
     * The deployed BPMN as {@code text/xml}. Written straight to the response: the Camunda client asks with
     * {@code Accept: application/json} yet reads the body as text, so content negotiation must not refuse it.
     */
    @GetMapping("/process-definitions/{processDefinitionKey}/xml")
    public void xml(@PathVariable("processDefinitionKey") long key, HttpServletResponse response) throws IOException {
        String xml = engine.getProcessDefinitionXml(key).join()
                .orElseThrow(() -> RestProblem.notFound("Process definition with key '" + key + "' not found"));
        response.setContentType(MediaType.TEXT_XML_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(xml);
    }

    @PostMapping("/process-definitions/search")
    public CompletableFuture<ProcessDefinitionSearchQueryResult> search(@RequestBody(required = false) ProcessDefinitionSearchQuery query) {
        ProcessDefinitionFilter filter = query == null ? null : query.getFilter();
        var page = RestValues.page(query == null ? null : query.getPage());
        if (filter != null && filter.getProcessDefinitionKey() != null) {
            long key = RestValues.parseKey("filter.processDefinitionKey", filter.getProcessDefinitionKey());
            return engine.getProcessDefinition(key).thenApply(found -> new ProcessDefinitionSearchQueryResult()
                    .items(found.map(ProcessDefinitionController::view).stream().toList())
                    .page(RestValues.pageResponse(found.isPresent() ? 1 : 0)));
        }
        dev.weft.engine.api.ProcessDefinitionFilter engineFilter = filter == null ? dev.weft.engine.api.ProcessDefinitionFilter.ALL
                : new dev.weft.engine.api.ProcessDefinitionFilter(
                        RestValues.eq("processDefinitionId", filter.getProcessDefinitionId()),
                        filter.getVersion() == null ? -1 : filter.getVersion(),
                        Boolean.TRUE.equals(filter.getIsLatestVersion()));
        return engine.searchProcessDefinitions(engineFilter, page).thenApply(result -> new ProcessDefinitionSearchQueryResult()
                .items(result.items().stream().map(ProcessDefinitionController::view).toList())
                .page(RestValues.pageResponse(result.total())));
    }

    @PostMapping("/element-instances/search")
    public CompletableFuture<ElementInstanceSearchQueryResult> searchElements(@RequestBody(required = false) ElementInstanceSearchQuery query) {
        ElementInstanceFilter filter = query == null ? null : query.getFilter();
        long instance = filter == null ? -1 : RestValues.parseKey("filter.processInstanceKey", filter.getProcessInstanceKey());
        if (instance < 0) {
            throw RestProblem.invalid("Expected property 'filter.processInstanceKey' to name the process instance whose elements to search, but it is missing");
        }
        var page = RestValues.page(query.getPage());
        return engine.searchElementInstances(instance, page).thenApply(result -> new ElementInstanceSearchQueryResult()
                .items(result.items().stream().map(ProcessDefinitionController::element).toList())
                .page(RestValues.pageResponse(result.total())));
    }

    static ProcessDefinitionResult view(ProcessDefinitionView v) {
        return new ProcessDefinitionResult()
                .processDefinitionKey(RestValues.key(v.key()))
                .processDefinitionId(v.bpmnProcessId())
                .name(v.name())
                .version(v.version())
                .resourceName(v.resourceName())
                .hasStartForm(false)
                .tenantId(RestValues.tenant(v.tenantId()));
    }

    static ElementInstanceResult element(ElementInstanceView v) {
        return new ElementInstanceResult()
                .elementInstanceKey(RestValues.key(v.key()))
                .processInstanceKey(RestValues.key(v.processInstanceKey()))
                .elementId(v.elementId())
                .elementName(v.elementId())
                .type(ElementInstanceResult.TypeEnum.fromValue(v.elementType()))
                .state(switch (v.state()) {
                    case "ACTIVE" -> ElementInstanceStateEnum.ACTIVE;
                    case "COMPLETED" -> ElementInstanceStateEnum.COMPLETED;
                    case "TERMINATED" -> ElementInstanceStateEnum.TERMINATED;
                    default -> ElementInstanceStateEnum.UNKNOWN_DEFAULT_OPEN_API;
                })
                .hasIncident(v.incidentKey() > 0)
                .incidentKey(v.incidentKey() > 0 ? RestValues.key(v.incidentKey()) : null)
                .startDate(RestValues.date(v.startDate()))
                .endDate(RestValues.date(v.endDate()))
                .tenantId(RestValues.tenant(v.tenantId()));
    }
}
