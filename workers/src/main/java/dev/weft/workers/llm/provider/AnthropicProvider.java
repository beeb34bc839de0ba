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
 * Anthropic's Messages API. Differences from OpenAI handled here: the system prompt travels apart,
 * {@code max_tokens} is mandatory, tool calls are {@code tool_use} content blocks and tool results are
 * {@code tool_result} blocks of a user message, JSON output is asked for in the system prompt (the API has no
 * response format), and a {@code refusal} stop is the content-policy failure.
 */
public final class AnthropicProvider implements ChatProvider {

    public static final String API_VERSION = "2023-06-01";

    private final EndpointConfig endpoint;
    private final ProviderHttp http;

    public AnthropicProvider(EndpointConfig endpoint, ProviderHttp http) {
        this.endpoint = endpoint;
        this.http = http;
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        long start = System.nanoTime();
        HttpRequest post = post(body(request, listener != null));
        if (listener == null) {
            return parse(http.sendJson(post, endpoint.requestTimeout()), System.nanoTime() - start);
        }
        StreamState state = new StreamState();
        http.sendStream(post, endpoint.requestTimeout(), (event, data) -> state.accept(event, data, listener));
        return state.finish(request.model(), System.nanoTime() - start);
    }

    @Override
    public List<float[]> embed(String model, List<String> inputs) {
        throw new LlmException(new LlmFailure.BadRequest(400, "Anthropic has no embeddings API; register an"
                + " OpenAI-compatible embedding model or use the built-in one"));
    }

    /** A one-token completion: the Messages API has no cheaper call that exercises the model. */
    @Override
    public void probe(String model) {
        ChatRequest ping = new ChatRequest(model, null, List.of(ChatMessage.user("ping")), null, 1, List.of(), null);
        http.sendJson(post(body(ping, false)), endpoint.requestTimeout());
    }

    private HttpRequest post(ObjectNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve("/messages"))
                .timeout(endpoint.requestTimeout())
                .header("Content-Type", "application/json")
                .header("anthropic-version", API_VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (endpoint.apiKey().isPresent()) {
            b.header("x-api-key", endpoint.apiKey().reveal());
        }
        endpoint.headers().forEach(b::header);
        return b.build();
    }

    static ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = ProviderHttp.JSON.createObjectNode().put("model", request.model())
                .put("max_tokens", request.maxTokens() == null ? ChatRequest.DEFAULT_MAX_TOKENS : request.maxTokens());
        String system = request.systemPrompt() == null ? "" : request.systemPrompt();
        List<ChatMessage> rest = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            if ("system".equals(m.role())) {
                system = system.isEmpty() ? m.content() : system + "\n\n" + m.content();
            } else {
                rest.add(m);
            }
        }
        if (request.jsonSchema() != null) {
            system = (system.isEmpty() ? "" : system + "\n\n")
                    + "Answer with one JSON value only, no prose, valid against this JSON Schema:\n" + request.jsonSchema();
        }
        if (!system.isEmpty()) {
            body.put("system", system);
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : rest) {
            if ("tool".equals(m.role())) {
                ObjectNode block = messages.addObject().put("role", "user").putArray("content").addObject()
                        .put("type", "tool_result").put("tool_use_id", m.toolCallId());
                block.put("content", m.content());
            } else if (!m.toolCalls().isEmpty()) {
                ArrayNode content = messages.addObject().put("role", "assistant").putArray("content");
                if (!m.content().isEmpty()) {
                    content.addObject().put("type", "text").put("text", m.content());
                }
                for (ToolCall c : m.toolCalls()) {
                    ObjectNode use = content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name());
                    use.set("input", readObject(c.argumentsJson()));
                }
            } else {
                messages.addObject().put("role", m.role()).put("content", m.content());
            }
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition t : request.tools()) {
                ObjectNode tool = tools.addObject().put("name", t.name());
                if (t.description() != null) {
                    tool.put("description", t.description());
                }
                tool.set("input_schema", t.parameters() == null
                        ? ProviderHttp.JSON.createObjectNode().put("type", "object") : t.parameters());
            }
        }
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    private static JsonNode readObject(String json) {
        try {
            return ProviderHttp.JSON.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            throw new IllegalArgumentException("tool call arguments are not JSON: " + ProviderHttp.abbreviate(json), e);
        }
    }

    static ChatResponse parse(JsonNode answer, long nanos) {
        if (!answer.path("content").isArray()) {
            throw new LlmException(new LlmFailure.InvalidResponse("answer has no content array"));
        }
        String stop = answer.path("stop_reason").asText("end_turn");
        if ("refusal".equals(stop)) {
            throw new LlmException(new LlmFailure.ContentPolicy("the model refused (stop_reason refusal)"));
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : answer.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(),
                        block.path("input").toString()));
                default -> { } // thinking and future block types carry nothing a flow reads
            }
        }
        JsonNode u = answer.path("usage");
        return new ChatResponse(text.toString(), calls,
                new Usage(u.path("input_tokens").asInt(0), u.path("output_tokens").asInt(0)),
                answer.path("model").asText(null), finishReason(stop), nanos);
    }

    static String finishReason(String stop) {
        return switch (stop) {
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            default -> "stop";
        };
    }

    /** Accumulates the named events of a Messages stream. */
    private static final class StreamState {
        private final StringBuilder text = new StringBuilder();
        private final Map<Integer, String[]> tools = new TreeMap<>();
        private final Map<Integer, StringBuilder> toolInput = new TreeMap<>();
        private String model;
        private String stop;
        private int inputTokens;
        private int outputTokens;
        private boolean stopped;

        boolean accept(String event, String data, StreamListener listener) {
            JsonNode e;
            try {
                e = ProviderHttp.JSON.readTree(data);
            } catch (IOException ex) {
                throw new LlmException(new LlmFailure.InvalidResponse("stream event is not valid JSON: "
                        + ProviderHttp.abbreviate(data)), ex);
            }
            String type = event != null ? event : e.path("type").asText();
            switch (type) {
                case "message_start" -> {
                    JsonNode m = e.path("message");
                    model = m.path("model").asText(null);
                    inputTokens = m.path("usage").path("input_tokens").asInt(0);
                    outputTokens = m.path("usage").path("output_tokens").asInt(0);
                }
                case "content_block_start" -> {
                    JsonNode block = e.path("content_block");
                    if ("tool_use".equals(block.path("type").asText())) {
                        tools.put(e.path("index").asInt(), new String[] {block.path("id").asText(), block.path("name").asText()});
                        toolInput.put(e.path("index").asInt(), new StringBuilder());
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = e.path("delta");
                    if ("text_delta".equals(delta.path("type").asText())) {
                        String piece = delta.path("text").asText("");
                        text.append(piece);
                        listener.onText(piece);
                    } else if ("input_json_delta".equals(delta.path("type").asText())) {
                        toolInput.computeIfAbsent(e.path("index").asInt(), k -> new StringBuilder())
                                .append(delta.path("partial_json").asText(""));
                    }
                }
                case "message_delta" -> {
                    stop = e.path("delta").path("stop_reason").asText(stop);
                    outputTokens = e.path("usage").path("output_tokens").asInt(outputTokens);
                }
                case "message_stop" -> {
                    stopped = true;
                    return false;
                }
                case "error" -> throw new LlmException(ProviderHttp.classifyStatus(
                        "overloaded_error".equals(e.path("error").path("type").asText()) ? 529 : 500, null, data));
                default -> { } // ping and unknown events
            }
            return true;
        }

        ChatResponse finish(String requestedModel, long nanos) {
            if (!stopped) {
                throw new LlmException(new LlmFailure.InvalidResponse("stream ended without message_stop"));
            }
            if ("refusal".equals(stop)) {
                throw new LlmException(new LlmFailure.ContentPolicy("the model refused (stop_reason refusal)"));
            }
            List<ToolCall> calls = new ArrayList<>();
            tools.forEach((i, idName) -> {
                String args = toolInput.get(i).toString();
                calls.add(new ToolCall(idName[0], idName[1], args.isEmpty() ? "{}" : args));
            });
            return new ChatResponse(text.toString(), calls, new Usage(inputTokens, outputTokens),
                    model == null ? requestedModel : model, finishReason(stop == null ? "end_turn" : stop), nanos);
        }
    }
}
