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
        var page = RestValues.page(query == null ? null : query.getPage());
        dev.weft.engine.api.VariableFilter engineFilter = filter == null ? dev.weft.engine.api.VariableFilter.ALL
                : new dev.weft.engine.api.VariableFilter(
                        RestValues.eqKey("processInstanceKey", filter.getProcessInstanceKey()),
                        RestValues.eqKey("scopeKey", filter.getScopeKey()),
                        RestValues.eq("name", filter.getName()));
        if (filter != null && (filter.getValue() != null || filter.getVariableKey() != null)) {
            throw RestProblem.invalid("Properties 'filter.value' and 'filter.variableKey' are not supported by Weft; filter by name, scopeKey or processInstanceKey");
        }
        return engine.searchVariables(engineFilter, page).thenApply(result -> new VariableSearchQueryResult()
                .items(result.items().stream().map(VariableController::view).toList())
                .page(RestValues.pageResponse(result.total())));
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
