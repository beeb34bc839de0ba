package dev.weft.workers.llm.step;

import dev.weft.workers.job.InvalidInputException;
import dev.weft.workers.job.Step;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import dev.weft.workers.llm.routing.ModelRouter;
import dev.weft.workers.llm.routing.NoModelException;
import dev.weft.workers.llm.routing.Policy;
import dev.weft.workers.llm.routing.Selection;
import dev.weft.workers.llm.routing.SelectionRequest;
import dev.weft.workers.llm.routing.UnknownModelException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code weft.model-select}: chooses a model of a route for a request; BPMN error {@code NO_MODEL} when none fits. */
public final class ModelSelectStep implements Step {

    public static final String TYPE = "weft.model-select";
    public static final String NO_MODEL = "NO_MODEL";

    private final ModelRouter router;

    public ModelSelectStep(ModelRouter router) {
        this.router = router;
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public StepOutcome execute(StepInput input) {
        String route = input.required("route");
        Policy policy;
        try {
            policy = Policy.fromWire(input.string("policy"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("policy", e.getMessage().replaceFirst("^policy: ", ""));
        }
        Set<String> requires = new HashSet<>(input.list("requires"));
        for (String r : requires) {
            if (!ModelSpec.KNOWN_CAPABILITIES.contains(r)) {
                throw new InvalidInputException("requires", "unknown capability '" + r + "' (known: "
                        + ModelSpec.KNOWN_CAPABILITIES + ")");
            }
        }
        SelectionRequest request = new SelectionRequest(route, policy, requires, input.integer("minContext", 0),
                new HashSet<>(input.list("tags")), input.string("tenant"), input.string("user"),
                input.string("deviceType"), input.integer("promptTokens", 0));
        try {
            Selection s = router.select(request);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("alias", s.alias());
            out.put("modelId", s.model().id());
            out.put("provider", s.model().providerId());
            out.put("reason", s.reason());
            List<String> fallbacks = s.fallbacks().stream().map(RouteSpec.Fallback::modelId).toList();
            out.put("fallbacks", fallbacks);
            return new StepOutcome.Completed(Map.of(input.string("resultVariable", "model"), out));
        } catch (NoModelException e) {
            return new StepOutcome.BpmnError(NO_MODEL, e.getMessage(), Map.of());
        } catch (UnknownModelException e) {
            throw new InvalidInputException("route", e.getMessage().replaceFirst("^model: ", ""));
        }
    }
}
