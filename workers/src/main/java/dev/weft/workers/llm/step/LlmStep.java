package dev.weft.workers.llm.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.workers.job.InvalidInputException;
import dev.weft.workers.job.Step;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.extractive.Passage;
import dev.weft.workers.llm.provider.ChatMessage;
import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.provider.StreamListener;
import dev.weft.workers.llm.provider.ToolCall;
import dev.weft.workers.llm.provider.ToolDefinition;
import dev.weft.workers.llm.provider.Usage;
import dev.weft.workers.llm.routing.FallbackMode;
import dev.weft.workers.llm.routing.LlmCall;
import dev.weft.workers.llm.routing.LlmGateway;
import dev.weft.workers.llm.routing.LlmResult;
import dev.weft.workers.llm.routing.LlmUnavailableException;
import dev.weft.workers.llm.routing.SelectionRequest;
import dev.weft.workers.llm.routing.UnknownModelException;
import dev.weft.workers.llm.usage.CallContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code weft.llm}: a chat completion through a route, as documented in docs/job-types.md. With a
 * {@code jsonSchema} the answer is parsed and validated; an invalid answer gets one repair attempt (the model sees
 * its answer and the validation errors), then BPMN error {@code LLM_INVALID_OUTPUT}. When every model of the chain
 * fails: BPMN error {@code LLM_UNAVAILABLE}, or the extractive model when {@code fallback} or the route says so.
 */
public final class LlmStep implements Step {

    public static final String TYPE = "weft.llm";
    public static final String LLM_UNAVAILABLE = "LLM_UNAVAILABLE";
    public static final String LLM_INVALID_OUTPUT = "LLM_INVALID_OUTPUT";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmGateway gateway;
    private final TokenSink tokens;

    public LlmStep(LlmGateway gateway, TokenSink tokens) {
        this.gateway = gateway;
        this.tokens = tokens == null ? TokenSink.NONE : tokens;
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public StepOutcome execute(StepInput input) {
        String resultVariable = input.string("resultVariable", "answer");
        Map<String, Object> vars = input.variables();
        String name;
        String pinned = null;
        Object modelRaw = input.raw("model");
        if (modelRaw instanceof Map<?, ?> chosen) {
            Object alias = chosen.get("alias");
            Object modelId = chosen.get("modelId");
            if (modelId == null) {
                throw new InvalidInputException("model", "an object must carry 'modelId' (the output of weft.model-select)");
            }
            pinned = modelId.toString();
            name = alias != null ? alias.toString() : pinned;
        } else {
            name = input.required("model");
        }
        String system = PromptTemplate.render("systemPrompt", input.string("systemPrompt"), vars);
        List<ChatMessage> messages = messages(input, vars);
        Double temperature = input.decimal("temperature");
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new InvalidInputException("temperature", "must be between 0 and 2, got " + temperature);
        }
        int maxTokens = input.integer("maxTokens", 0);
        if (maxTokens < 0) {
            throw new InvalidInputException("maxTokens", "must be positive, got " + maxTokens);
        }
        JsonNode schemaNode = input.json("jsonSchema");
        JsonOutput schema = schemaNode == null ? null : JsonOutput.compile(schemaNode);
        List<ToolDefinition> tools = tools(input.json("tools"));
        FallbackMode fallback;
        try {
            fallback = FallbackMode.fromWire(input.string("fallback"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("fallback", e.getMessage().replaceFirst("^fallback: ", ""));
        }
        StreamListener listener = null;
        if (input.bool("stream", false)) {
            // One sequence per job: deltas of a fallback model continue where the failed attempt stopped.
            java.util.concurrent.atomic.AtomicInteger seq = new java.util.concurrent.atomic.AtomicInteger();
            listener = delta -> tokens.onToken(input.context(), seq.getAndIncrement(), delta);
        }

        ChatRequest request = new ChatRequest(name, system, messages, temperature, maxTokens == 0 ? null : maxTokens,
                tools, schemaNode);
        // A model without tool calling cannot answer a request that offers tools, so such a request only goes to
        // (and falls back along) models with the "tools" capability. A JSON schema needs no capability: the answer
        // is validated and repaired here whatever the model.
        SelectionRequest selection = SelectionRequest.of(name)
                .withRequires(tools.isEmpty() ? java.util.Set.of() : java.util.Set.of("tools"))
                .withCaller(input.string("tenant"), input.string("user"), input.string("deviceType"));
        CallContext context = new CallContext(input.context().tenantId(),
                input.context().processInstanceKey() == 0 ? null : input.context().processInstanceKey(),
                input.context().elementId());
        LlmCall call = new LlmCall(selection, request, listener, fallback, passages(vars.get("passages")),
                messages.getLast().content(), context, pinned);

        try {
            LlmResult result = gateway.call(call);
            Usage usage = result.usage();
            BigDecimal cost = result.costUsd();
            JsonNode json = null;
            if (schema != null) {
                if (result.extractive()) {
                    return invalid(resultVariable, result, "the extractive fallback cannot produce JSON");
                }
                JsonOutput.Check check = schema.check(result.text());
                if (!check.valid()) {
                    List<ChatMessage> repair = new ArrayList<>(messages);
                    repair.add(ChatMessage.assistant(result.text()));
                    repair.add(ChatMessage.user("Your answer is not valid against the JSON Schema: "
                            + String.join("; ", check.problems())
                            + ". Reply with the corrected JSON only, nothing else."));
                    LlmResult repaired = gateway.call(call.withRequest(request.withMessages(repair))
                            .withPinnedModel(result.modelId()).withListener(null));
                    usage = usage.plus(repaired.usage());
                    cost = cost.add(repaired.costUsd());
                    JsonOutput.Check second = repaired.extractive() ? new JsonOutput.Check(null, List.of("extractive"))
                            : schema.check(repaired.text());
                    if (!second.valid()) {
                        return invalid(resultVariable, repaired, "still invalid after one repair attempt: "
                                + String.join("; ", second.problems()));
                    }
                    result = repaired;
                    check = second;
                }
                json = check.value();
            }
            return new StepOutcome.Completed(Map.of(resultVariable, output(result, json, usage, cost)));
        } catch (LlmUnavailableException e) {
            return new StepOutcome.BpmnError(LLM_UNAVAILABLE, e.getMessage(), Map.of());
        } catch (UnknownModelException e) {
            throw new InvalidInputException("model", e.getMessage().replaceFirst("^model: ", ""));
        }
    }

    private static StepOutcome invalid(String resultVariable, LlmResult result, String why) {
        return new StepOutcome.BpmnError(LLM_INVALID_OUTPUT, "model " + result.modelId() + ": " + why,
                Map.of(resultVariable + "Raw", result.text()));
    }

    private static List<ChatMessage> messages(StepInput input, Map<String, Object> vars) {
        Object raw = input.variables().get("messages");
        if (raw == null) {
            return List.of(ChatMessage.user(PromptTemplate.render("prompt", input.required("prompt"), vars)));
        }
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidInputException("messages", "must be a non-empty list of {role, content}");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("role") instanceof String role)
                    || !List.of("system", "user", "assistant").contains(role)) {
                throw new InvalidInputException("messages[" + i + "].role", "must be system, user or assistant");
            }
            Object content = m.get("content");
            out.add(new ChatMessage(role, content == null ? "" : content.toString(), List.of(), null));
        }
        return out;
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidInputException("tools", "must be a JSON array of {name, description, parameters}");
        }
        List<ToolDefinition> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String toolName = t.path("name").asText("");
            if (!toolName.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new InvalidInputException("tools[" + i + "].name", "must be 1-64 letters, digits, '_' or '-'");
            }
            JsonNode params = t.get("parameters");
            if (params != null && !params.isObject()) {
                throw new InvalidInputException("tools[" + i + "].parameters", "must be a JSON Schema object");
            }
            out.add(new ToolDefinition(toolName, t.path("description").asText(null), params));
        }
        return out;
    }

    /** Passages in the shape {@code weft.retrieve} writes; anything else there is ignored. */
    static List<Passage> passages(Object raw) {
        List<Passage> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> p && p.get("text") != null) {
                    Object score = p.get("score");
                    out.add(new Passage(String.valueOf(p.get("id")), p.get("text").toString(),
                            p.get("source") == null ? null : p.get("source").toString(),
                            score instanceof Number n ? n.doubleValue() : 0));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> output(LlmResult r, JsonNode json, Usage usage, BigDecimal cost) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", r.text());
        out.put("json", json == null ? null : JSON.convertValue(json, Object.class));
        List<Map<String, Object>> calls = new ArrayList<>();
        for (ToolCall c : r.toolCalls()) {
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("id", c.id());
            call.put("name", c.name());
            JsonNode args = JsonOutput.parse(c.argumentsJson());
            call.put("arguments", args == null ? c.argumentsJson() : JSON.convertValue(args, Object.class));
            calls.add(call);
        }
        out.put("toolCalls", calls);
        out.put("model", r.modelId());
        out.put("provider", r.providerId());
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("promptTokens", usage.promptTokens());
        u.put("completionTokens", usage.completionTokens());
        u.put("totalTokens", usage.totalTokens());
        out.put("usage", u);
        out.put("costUsd", cost.doubleValue());
        out.put("latencyMs", r.latencyMs());
        out.put("fallbackUsed", r.fallbackUsed());
        out.put("cached", r.cached());
        out.put("extractive", r.extractive());
        List<Map<String, Object>> citations = new ArrayList<>();
        r.citations().forEach(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", c.n());
            m.put("passageId", c.passageId());
            m.put("source", c.source());
            citations.add(m);
        });
        out.put("citations", citations);
        return out;
    }
}
