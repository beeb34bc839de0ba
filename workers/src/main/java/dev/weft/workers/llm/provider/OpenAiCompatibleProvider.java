package dev.weft.workers.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAI chat completions protocol, which OpenAI, Azure OpenAI (through its v1 endpoint), DeepSeek,
 * Qwen's compatible mode, Moonshot, vLLM, TGI, Ollama and LM Studio all speak.
 */
public final class OpenAiCompatibleProvider implements ChatProvider {

    private final EndpointConfig endpoint;
    private final ProviderHttp http;

    public OpenAiCompatibleProvider(EndpointConfig endpoint, ProviderHttp http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        long start = System.nanoTime();
        ObjectNode body = body(request, listener != null);
        HttpRequest http = post("/chat/completions", body);
        if (listener == null) {
            JsonNode answer = this.http.sendJson(http, endpoint.requestTimeout());
            return parse(answer, System.nanoTime() - start);
        }
        StreamState state = new StreamState();
        this.http.sendStream(http, endpoint.requestTimeout(), (event, data) -> {
            if ("[DONE]".equals(data)) {
                return false;
            }
            state.accept(data, listener);
            return true;
        });
        return state.finish(request.model(), System.nanoTime() - start);
    }

    @Override
    public List<float[]> embed(String model, List<String> inputs) {
        ObjectNode body = ProviderHttp.JSON.createObjectNode().put("model", model);
        ArrayNode input = body.putArray("input");
        inputs.forEach(input::add);
        JsonNode answer = http.sendJson(post("/embeddings", body), endpoint.requestTimeout());
        JsonNode data = answer.path("data");
        if (!data.isArray() || data.size() != inputs.size()) {
            throw new LlmException(new LlmFailure.InvalidResponse("expected " + inputs.size() + " embeddings, got "
                    + (data.isArray() ? data.size() : "none")));
        }
        float[][] out = new float[inputs.size()][];
        for (JsonNode item : data) {
            JsonNode vec = item.path("embedding");
            float[] v = new float[vec.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) vec.get(i).asDouble();
            }
            out[item.path("index").asInt()] = v;
        }
        return List.of(out);
    }

    @Override
    public void probe(String model) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve("/models")).timeout(endpoint.requestTimeout()).GET();
        headers(b);
        JsonNode answer = http.sendJson(b.build(), endpoint.requestTimeout());
        if (!answer.path("data").isArray()) {
            throw new LlmException(new LlmFailure.InvalidResponse("model list has no 'data' array"));
        }
    }

    private HttpRequest post(String path, ObjectNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(endpoint.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers(b);
        return b.build();
    }

    private void headers(HttpRequest.Builder b) {
        if (endpoint.apiKey().isPresent()) {
            b.header("Authorization", "Bearer " + endpoint.apiKey().reveal());
        }
        endpoint.headers().forEach(b::header);
    }

    static ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = ProviderHttp.JSON.createObjectNode().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        for (ChatMessage m : request.messages()) {
            ObjectNode msg = messages.addObject().put("role", m.role()).put("content", m.content());
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = msg.putArray("tool_calls");
                for (ToolCall c : m.toolCalls()) {
                    calls.addObject().put("id", c.id()).put("type", "function")
                            .putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
                }
            }
            if (m.toolCallId() != null) {
                msg.put("tool_call_id", m.toolCallId());
            }
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            body.put("max_tokens", request.maxTokens());
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition t : request.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function").put("name", t.name());
                if (t.description() != null) {
                    fn.put("description", t.description());
                }
                fn.set("parameters", t.parameters() == null ? ProviderHttp.JSON.createObjectNode().put("type", "object") : t.parameters());
            }
        }
        if (request.jsonSchema() != null) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", "output").put("strict", false).set("schema", request.jsonSchema());
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    static ChatResponse parse(JsonNode answer, long nanos) {
        JsonNode choice = answer.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new LlmException(new LlmFailure.InvalidResponse("answer has no choices"));
        }
        String finish = choice.path("finish_reason").asText("stop");
        if ("content_filter".equals(finish)) {
            throw new LlmException(new LlmFailure.ContentPolicy("the provider filtered the answer"));
        }
        JsonNode message = choice.path("message");
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : message.path("tool_calls")) {
            calls.add(new ToolCall(c.path("id").asText(), c.path("function").path("name").asText(),
                    c.path("function").path("arguments").asText("{}")));
        }
        return new ChatResponse(message.path("content").asText(""), calls, usage(answer.path("usage")),
                answer.path("model").asText(null), finish, nanos);
    }

    static Usage usage(JsonNode u) {
        return new Usage(u.path("prompt_tokens").asInt(0), u.path("completion_tokens").asInt(0));
    }

    /** Accumulates an SSE stream: text, tool calls by index, finish reason, the usage chunk. */
    private static final class StreamState {
        private final StringBuilder text = new StringBuilder();
        private final Map<Integer, String[]> calls = new TreeMap<>();
        private final Map<Integer, StringBuilder> args = new TreeMap<>();
        private String finish;
        private String model;
        private Usage usage = Usage.NONE;

        void accept(String data, StreamListener listener) {
            JsonNode chunk;
            try {
                chunk = ProviderHttp.JSON.readTree(data);
            } catch (IOException e) {
                throw new LlmException(new LlmFailure.InvalidResponse("stream event is not valid JSON: "
                        + ProviderHttp.abbreviate(data)), e);
            }
            if (chunk.has("error")) {
                throw new LlmException(ProviderHttp.classifyStatus(500, null, data));
            }
            if (chunk.hasNonNull("model")) {
                model = chunk.get("model").asText();
            }
            if (chunk.path("usage").isObject()) {
                usage = usage(chunk.get("usage"));
            }
            JsonNode choice = chunk.path("choices").path(0);
            if (choice.isMissingNode()) {
                return;
            }
            JsonNode delta = choice.path("delta");
            String piece = delta.path("content").asText("");
            if (!piece.isEmpty()) {
                text.append(piece);
                listener.onText(piece);
            }
            for (JsonNode c : delta.path("tool_calls")) {
                int i = c.path("index").asInt();
                String[] idName = calls.computeIfAbsent(i, k -> new String[2]);
                if (c.hasNonNull("id")) {
                    idName[0] = c.get("id").asText();
                }
                if (c.path("function").hasNonNull("name")) {
                    idName[1] = c.path("function").get("name").asText();
                }
                args.computeIfAbsent(i, k -> new StringBuilder()).append(c.path("function").path("arguments").asText(""));
            }
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.get("finish_reason").asText();
            }
        }

        ChatResponse finish(String requestedModel, long nanos) {
            if (finish == null) {
                throw new LlmException(new LlmFailure.InvalidResponse("stream ended without a finish reason"));
            }
            if ("content_filter".equals(finish)) {
                throw new LlmException(new LlmFailure.ContentPolicy("the provider filtered the answer"));
            }
            List<ToolCall> out = new ArrayList<>();
            calls.forEach((i, idName) -> out.add(new ToolCall(idName[0], idName[1], args.get(i).toString())));
            return new ChatResponse(text.toString(), out, usage, model == null ? requestedModel : model, finish, nanos);
        }
    }
}
