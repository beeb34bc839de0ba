package dev.weft.testsupport.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A real HTTP server speaking the OpenAI-compatible API that vLLM, Ollama, DeepSeek and friends also speak:
 * {@code POST /v1/chat/completions} (plain and SSE with {@code data: [DONE]}, usage chunk when
 * {@code stream_options.include_usage}), {@code POST /v1/embeddings} (deterministic vectors, see
 * {@link FakeLlmServer#hashEmbedding}) and {@code GET /v1/models}.
 *
 * <pre>{@code
 * try (var openai = FakeOpenAiServer.start()) {
 *     openai.enqueue(FakeReply.rateLimited(Duration.ofSeconds(1)), FakeReply.text("Paris").withUsage(20, 1));
 *     ... point the client at openai.baseUrl() ...
 *     assertThat(openai.requests("/v1/chat/completions")).hasSize(2);
 * }
 * }</pre>
 */
public final class FakeOpenAiServer extends FakeLlmServer {

    public static final String CHAT = "/v1/chat/completions";
    public static final String EMBEDDINGS = "/v1/embeddings";
    public static final String MODELS = "/v1/models";

    private final AtomicLong ids = new AtomicLong();
    private final List<String> models = new CopyOnWriteArrayList<>(List.of("fake-chat", "fake-embed"));
    private volatile int embeddingDimensions = 384;

    private FakeOpenAiServer(Function<RecordedRequest, FakeReply> defaultReply) {
        super(defaultReply);
    }

    /** Starts a server that echoes the last user message once its script is used up. */
    public static FakeOpenAiServer start() {
        return new FakeOpenAiServer(FakeOpenAiServer::echo);
    }

    /** The reply used when nothing is scripted: {@code "echo: <last user message>"}. */
    public static FakeReply echo(RecordedRequest request) {
        String last = "";
        if (request.json() != null) {
            for (JsonNode m : request.json().path("messages")) {
                if ("user".equals(m.path("role").asText())) {
                    last = m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString();
                }
            }
        }
        return FakeReply.text("echo: " + last);
    }

    /** The ids {@code GET /v1/models} lists. */
    public FakeOpenAiServer models(String... ids) {
        models.clear();
        models.addAll(List.of(ids));
        return this;
    }

    /** Dimensions of embeddings when the request does not ask for {@code dimensions}. */
    public FakeOpenAiServer embeddingDimensions(int dimensions) {
        this.embeddingDimensions = dimensions;
        return this;
    }

    @Override
    protected String chatPath() {
        return CHAT;
    }

    @Override
    protected void handle(RecordedRequest request, HttpExchange exchange) throws IOException {
        switch (request.path()) {
            case CHAT -> chat(request, exchange);
            case EMBEDDINGS -> embeddings(request, exchange);
            case MODELS -> listModels(exchange);
            default -> sendJson(exchange, 404, errorBody("invalid_request_error", null,
                    "Unknown path " + request.path()));
        }
    }

    private void listModels(HttpExchange exchange) throws IOException {
        FakeReply reply = scripted(MODELS);
        if (reply != null) {
            pause(reply);
            if (replyIsFinal(exchange, reply)) {
                return;
            }
        }
        ObjectNode body = object().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String id : models) {
            data.addObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", "weft-fake");
        }
        sendJson(exchange, 200, body.toString());
    }

    private void embeddings(RecordedRequest request, HttpExchange exchange) throws IOException {
        FakeReply reply = scripted(EMBEDDINGS);
        if (reply != null) {
            pause(reply);
            if (replyIsFinal(exchange, reply)) {
                return;
            }
        }
        if (request.json() == null || !request.json().has("input")) {
            sendJson(exchange, 400, errorBody("invalid_request_error", null, "'input' is required"));
            return;
        }
        int dims = request.json().path("dimensions").asInt(embeddingDimensions);
        List<String> inputs = texts(request.json().get("input"));
        ObjectNode body = object().put("object", "list").put("model", request.model());
        ArrayNode data = body.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            ArrayNode vec = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (float f : hashEmbedding(inputs.get(i), dims)) {
                vec.add(f);
            }
            tokens += estimateTokens(inputs.get(i));
        }
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        sendJson(exchange, 200, body.toString());
    }

    /** Sends the error or malformed body of a scripted reply; true when the exchange is answered. */
    private boolean replyIsFinal(HttpExchange exchange, FakeReply reply) throws IOException {
        if (reply.isError()) {
            sendError(exchange, reply, errorBody(reply.errorType(), reply.errorCode(), reply.errorMessage()));
            return true;
        }
        if (reply.malformed()) {
            sendJson(exchange, 200, "{\"object\": \"list\", \"data\": [");
            return true;
        }
        return false;
    }

    private void chat(RecordedRequest request, HttpExchange exchange) throws IOException {
        FakeReply reply = nextReply(request);
        pause(reply);
        if (replyIsFinal(exchange, reply)) {
            return;
        }
        String id = "chatcmpl-" + ids.incrementAndGet();
        String model = request.model() == null ? "fake-chat" : request.model();
        int prompt = reply.promptTokens() >= 0 ? reply.promptTokens() : estimateTokens(request.body());
        int completion = reply.completionTokens() >= 0 ? reply.completionTokens() : estimateTokens(reply.text());
        String finish = reply.finishReason() != null ? reply.finishReason()
                : reply.toolCalls().isEmpty() ? "stop" : "tool_calls";
        if (request.streaming()) {
            stream(request, exchange, reply, id, model, prompt, completion, finish);
            return;
        }
        ObjectNode body = object().put("id", id).put("object", "chat.completion").put("created", 0).put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.toolCalls().isEmpty() || !reply.text().isEmpty()) {
            message.put("content", reply.text());
        } else {
            message.putNull("content");
        }
        if (!reply.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (FakeReply.ToolCall call : reply.toolCalls()) {
                ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
            }
        }
        choice.put("finish_reason", finish);
        usage(body.putObject("usage"), prompt, completion);
        sendJson(exchange, 200, body.toString());
    }

    private void stream(RecordedRequest request, HttpExchange exchange, FakeReply reply, String id, String model,
                        int prompt, int completion, String finish) throws IOException {
        OutputStream out = startSse(exchange);
        sseData(out, null, chunk(id, model, object().put("role", "assistant").put("content", ""), null).toString());
        int sent = 0;
        for (String piece : reply.pieces()) {
            if (reply.cutAfterChunks() >= 0 && sent >= reply.cutAfterChunks()) {
                return; // the upstream "crashes": no finish_reason, no [DONE]
            }
            sseData(out, null, chunk(id, model, object().put("content", piece), null).toString());
            sent++;
        }
        if (reply.cutAfterChunks() >= 0 && sent >= reply.cutAfterChunks()) {
            return;
        }
        int index = 0;
        for (FakeReply.ToolCall call : reply.toolCalls()) {
            ObjectNode delta = object();
            ObjectNode c = delta.putArray("tool_calls").addObject().put("index", index++).put("id", call.id())
                    .put("type", "function");
            c.putObject("function").put("name", call.name()).put("arguments", "");
            sseData(out, null, chunk(id, model, delta, null).toString());
            // Arguments arrive in two fragments, as real servers split them.
            String args = call.argumentsJson();
            int half = args.length() / 2;
            for (String part : List.of(args.substring(0, half), args.substring(half))) {
                ObjectNode d = object();
                d.putArray("tool_calls").addObject().put("index", index - 1).putObject("function").put("arguments", part);
                sseData(out, null, chunk(id, model, d, null).toString());
            }
        }
        sseData(out, null, chunk(id, model, object(), finish).toString());
        if (request.json().path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usageChunk = object().put("id", id).put("object", "chat.completion.chunk").put("created", 0)
                    .put("model", model);
            usageChunk.putArray("choices");
            usage(usageChunk.putObject("usage"), prompt, completion);
            sseData(out, null, usageChunk.toString());
        }
        if (reply.malformed()) {
            sseData(out, null, "{\"choices\": [");
        }
        sseData(out, null, "[DONE]");
    }

    private static ObjectNode chunk(String id, String model, ObjectNode delta, String finish) {
        ObjectNode c = object().put("id", id).put("object", "chat.completion.chunk").put("created", 0).put("model", model);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return c;
    }

    private static void usage(ObjectNode u, int prompt, int completion) {
        u.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
    }

    static String errorBody(String type, String code, String message) {
        ObjectNode e = object();
        ObjectNode err = e.putObject("error").put("message", message == null ? "error" : message)
                .put("type", type == null ? "server_error" : type);
        if (code == null) {
            err.putNull("code");
        } else {
            err.put("code", code);
        }
        err.putNull("param");
        return e.toString();
    }
}
