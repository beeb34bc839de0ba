package dev.weft.testsupport.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A real HTTP server speaking Anthropic's Messages API: {@code POST /v1/messages}, plain or streamed as SSE
 * with the named events {@code message_start}, {@code content_block_start}, {@code ping},
 * {@code content_block_delta} ({@code text_delta}, {@code input_json_delta}), {@code content_block_stop},
 * {@code message_delta} and {@code message_stop}. It requires the {@code anthropic-version} header, as the
 * real API does. Errors use Anthropic's envelope {@code {"type":"error","error":{"type","message"}}};
 * a scripted context-length error becomes "prompt is too long", a content-policy one a {@code refusal} stop.
 */
public final class FakeAnthropicServer extends FakeLlmServer {

    public static final String MESSAGES = "/v1/messages";

    private final AtomicLong ids = new AtomicLong();

    private FakeAnthropicServer(Function<RecordedRequest, FakeReply> defaultReply) {
        super(defaultReply);
    }

    /** Starts a server that echoes the last user message once its script is used up. */
    public static FakeAnthropicServer start() {
        return new FakeAnthropicServer(FakeAnthropicServer::echo);
    }

    /** The reply used when nothing is scripted: {@code "echo: <last user message>"}. */
    public static FakeReply echo(RecordedRequest request) {
        String last = "";
        if (request.json() != null) {
            for (JsonNode m : request.json().path("messages")) {
                if ("user".equals(m.path("role").asText())) {
                    JsonNode c = m.path("content");
                    if (c.isTextual()) {
                        last = c.asText();
                    } else {
                        StringBuilder sb = new StringBuilder();
                        c.forEach(b -> sb.append(b.path("text").asText("")));
                        last = sb.toString();
                    }
                }
            }
        }
        return FakeReply.text("echo: " + last);
    }

    @Override
    protected String chatPath() {
        return MESSAGES;
    }

    @Override
    protected void handle(RecordedRequest request, HttpExchange exchange) throws IOException {
        if (!MESSAGES.equals(request.path())) {
            sendJson(exchange, 404, errorBody("not_found_error", "Unknown path " + request.path()));
            return;
        }
        if (request.header("anthropic-version") == null) {
            sendJson(exchange, 400, errorBody("invalid_request_error", "anthropic-version: header is required"));
            return;
        }
        if (request.json() == null || !request.json().has("max_tokens")) {
            sendJson(exchange, 400, errorBody("invalid_request_error", "max_tokens: Field required"));
            return;
        }
        FakeReply reply = nextReply(request);
        pause(reply);
        boolean refusal = "content_policy_violation".equals(reply.errorCode());
        if (reply.isError() && !refusal) {
            String message = "context_length_exceeded".equals(reply.errorCode())
                    ? "prompt is too long: 9000 tokens > 8192 maximum" : reply.errorMessage();
            String type = switch (reply.status()) {
                case 429 -> "rate_limit_error";
                case 529 -> "overloaded_error";
                case 401 -> "authentication_error";
                case 400 -> "invalid_request_error";
                default -> reply.status() >= 500 ? "api_error" : reply.errorType();
            };
            sendError(exchange, reply, errorBody(type, message));
            return;
        }
        if (reply.malformed() && !request.streaming()) {
            sendJson(exchange, 200, "{\"type\": \"message\", \"content\": [");
            return;
        }
        String id = "msg_" + ids.incrementAndGet();
        String model = request.model() == null ? "fake-claude" : request.model();
        int input = reply.promptTokens() >= 0 ? reply.promptTokens() : estimateTokens(request.body());
        int output = reply.completionTokens() >= 0 ? reply.completionTokens() : estimateTokens(reply.text());
        String stop = refusal ? "refusal" : reply.finishReason() != null ? reply.finishReason()
                : reply.toolCalls().isEmpty() ? "end_turn" : "tool_use";
        String text = refusal ? "" : reply.text();
        if (request.streaming()) {
            stream(exchange, reply, text, id, model, input, output, stop);
            return;
        }
        ObjectNode body = object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        ArrayNode content = body.putArray("content");
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (FakeReply.ToolCall call : reply.toolCalls()) {
            ObjectNode block = content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
            block.set("input", JSON.readTree(call.argumentsJson()));
        }
        body.put("stop_reason", stop).putNull("stop_sequence");
        body.putObject("usage").put("input_tokens", input).put("output_tokens", output);
        sendJson(exchange, 200, body.toString());
    }

    private void stream(HttpExchange exchange, FakeReply reply, String text, String id, String model,
                        int input, int output, String stop) throws IOException {
        OutputStream out = startSse(exchange);
        ObjectNode start = object().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", input).put("output_tokens", 1);
        sseData(out, "message_start", start.toString());
        int index = 0;
        if (!text.isEmpty()) {
            ObjectNode blockStart = object().put("type", "content_block_start").put("index", index);
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            sseData(out, "content_block_start", blockStart.toString());
            sseData(out, "ping", "{\"type\": \"ping\"}");
            int sent = 0;
            for (String piece : reply.pieces()) {
                if (reply.cutAfterChunks() >= 0 && sent >= reply.cutAfterChunks()) {
                    return; // the upstream "crashes": no message_stop
                }
                ObjectNode delta = object().put("type", "content_block_delta").put("index", index);
                delta.putObject("delta").put("type", "text_delta").put("text", piece);
                sseData(out, "content_block_delta", delta.toString());
                sent++;
            }
            if (reply.malformed()) {
                sseData(out, "content_block_delta", "{\"type\": \"content_block_delta\", \"delta\": {");
            }
            sseData(out, "content_block_stop", object().put("type", "content_block_stop").put("index", index).toString());
            index++;
        }
        if (reply.cutAfterChunks() >= 0 && text.isEmpty()) {
            return;
        }
        for (FakeReply.ToolCall call : reply.toolCalls()) {
            ObjectNode blockStart = object().put("type", "content_block_start").put("index", index);
            blockStart.putObject("content_block").put("type", "tool_use").put("id", call.id()).put("name", call.name())
                    .putObject("input");
            sseData(out, "content_block_start", blockStart.toString());
            String args = call.argumentsJson();
            int half = args.length() / 2;
            for (String part : new String[] {args.substring(0, half), args.substring(half)}) {
                ObjectNode delta = object().put("type", "content_block_delta").put("index", index);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
                sseData(out, "content_block_delta", delta.toString());
            }
            sseData(out, "content_block_stop", object().put("type", "content_block_stop").put("index", index).toString());
            index++;
        }
        ObjectNode md = object().put("type", "message_delta");
        md.putObject("delta").put("stop_reason", stop).putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", output);
        sseData(out, "message_delta", md.toString());
        sseData(out, "message_stop", "{\"type\": \"message_stop\"}");
    }

    static String errorBody(String type, String message) {
        ObjectNode e = object().put("type", "error");
        e.putObject("error").put("type", type == null ? "api_error" : type).put("message", message == null ? "error" : message);
        return e.toString();
    }
}
