package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.VariableView;
import io.camunda.client.protocol.rest.VariableFilter;
import io.camunda.client.protocol.rest.VariableSearchQuery;
import io.camunda.client.protocol.rest.VariableSearchQueryResult;
import io.camunda.client.protocol.rest.VariableSearchResult;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v2/variables/search}: values are returned as JSON text, like Camunda's. */
@RestController
@RequestMapping("/v2")
public final class VariableController {

    private final Engine engine;

    public VariableController(Engine engine) {
        this.engine = engine;
    }

    @PostMapping("/variables/search")
    public CompletableFuture<VariableSearchQueryResult> search(@RequestBody(required = false) VariableSearchQuery query) {
        VariableFilter filter = query == null ? null : query.getFilter();
        var page = RestFilters.page(query == null ? null : query.getPage(), RestFilters.sort(
                query == null ? null : query.getSort(), r -> r.getField() == null ? null : r.getField().getValue(),
                r -> r.getOrder()));
        RestFilters criteria = new RestFilters();
        if (filter != null) {
            criteria.string("name", filter.getName())
                    .string("value", filter.getValue())
                    .plain("tenantId", filter.getTenantId())
                    .key("variableKey", filter.getVariableKey())
                    .key("scopeKey", filter.getScopeKey())
                    .key("processInstanceKey", filter.getProcessInstanceKey());
            if (Boolean.TRUE.equals(filter.getIsTruncated())) {
                // Weft stores and returns every value whole: no variable is truncated
                criteria.key("variableKey", new io.camunda.client.protocol.rest.BasicStringFilterProperty().$exists(false));
            }
        }
        var engineFilter = new dev.weft.engine.api.VariableFilter(-1, -1, null, criteria.criteria());
        return engine.searchVariables(engineFilter, page).thenApply(result -> new VariableSearchQueryResult()
                .items(result.items().stream().map(VariableController::view).toList())
                .page(RestFilters.pageResponse(result.total(), page, result.items().size())));
    }

    static VariableSearchResult view(VariableView v) {
        return new VariableSearchResult()
                .variableKey(RestValues.key(v.key()))
                .name(v.name())
                .value(v.value())
                .isTruncated(false)
                .scopeKey(RestValues.key(v.scopeKey()))
                .processInstanceKey(RestValues.key(v.processInstanceKey()))
                .tenantId(RestValues.tenant(v.tenantId()));
    }
}
