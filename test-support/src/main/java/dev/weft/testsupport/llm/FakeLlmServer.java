package dev.weft.testsupport.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Common part of the fake providers: a real HTTP server on 127.0.0.1 and an ephemeral port, a queue of
 * scripted replies (consumed in order, then the fallback function answers), and a log of every request.
 * Subclasses speak one provider's wire protocol.
 */
public abstract sealed class FakeLlmServer implements AutoCloseable permits FakeOpenAiServer, FakeAnthropicServer {

    protected static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Deque<FakeReply>> scripts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, FakeReply> fallback;

    protected FakeLlmServer(Function<RecordedRequest, FakeReply> defaultReply) {
        this.fallback = defaultReply;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind a fake LLM server on 127.0.0.1", e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** Base URL including {@code /v1}, e.g. {@code http://127.0.0.1:43121/v1}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Appends replies to the chat script; each chat request takes the next one. */
    public FakeLlmServer enqueue(FakeReply... replies) {
        return enqueueFor(chatPath(), replies);
    }

    /**
     * Appends replies for another path ({@code /v1/models}, {@code /v1/embeddings}): only errors, delays and
     * malformed bodies are taken from them there, the rest of the answer is the endpoint's normal one.
     */
    public FakeLlmServer enqueueFor(String path, FakeReply... replies) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(replies));
        return this;
    }

    /** Number of scripted replies not yet used, over all paths. */
    public int remainingScript() {
        return scripts.values().stream().mapToInt(Deque::size).sum();
    }

    /** What to answer once the script is used up (default: echo of the last user message). */
    public FakeLlmServer otherwise(Function<RecordedRequest, FakeReply> reply) {
        this.fallback = reply;
        return this;
    }

    /** Every request received so far, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Requests to one path, e.g. {@code /v1/chat/completions}. */
    public List<RecordedRequest> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Forgets recorded requests and the remaining script. */
    public void reset() {
        requests.clear();
        scripts.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    protected abstract void handle(RecordedRequest request, HttpExchange exchange) throws IOException;

    /** The path of the provider's chat endpoint, which {@link #enqueue} scripts. */
    protected abstract String chatPath();

    /** Takes the next scripted chat reply, or asks the fallback. */
    protected FakeReply nextReply(RecordedRequest request) {
        FakeReply next = scripted(request.path());
        return next != null ? next : fallback.apply(request);
    }

    /** The next scripted reply for a path, or null. */
    protected FakeReply scripted(String path) {
        Deque<FakeReply> q = scripts.get(path);
        return q == null ? null : q.pollFirst();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json = null;
            try {
                json = body.isBlank() ? null : JSON.readTree(body);
            } catch (IOException notJson) {
                json = null;
            }
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), Map.copyOf(headers), body, json);
            requests.add(request);
            handle(request, exchange);
        } catch (IOException clientWentAway) {
            // The client closed the connection (timeout test, cancelled stream): nothing left to answer.
        }
    }

    protected static void pause(FakeReply reply) {
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    protected static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    protected static void sendError(HttpExchange exchange, FakeReply reply, String body) throws IOException {
        if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(reply.retryAfter().toSeconds()));
        }
        sendJson(exchange, reply.status(), body);
    }

    protected static OutputStream startSse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    protected static void sseData(OutputStream out, String event, String data) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        sb.append("data: ").append(data).append("\n\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Rough token estimate (4 characters a token) used when a reply does not script its usage. */
    protected static int estimateTokens(String text) {
        return text == null || text.isEmpty() ? 0 : Math.max(1, (text.length() + 3) / 4);
    }

    protected static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A deterministic unit-length embedding of a text: same text, same vector; different texts, different ones. */
    public static float[] hashEmbedding(String text, int dimensions) {
        float[] v = new float[dimensions];
        String[] words = text.toLowerCase(Locale.ROOT).split("\\W+");
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            int h = w.hashCode();
            v[Math.floorMod(h, dimensions)] += 1f;
            v[Math.floorMod(h * 31 + 7, dimensions)] += 0.5f;
        }
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        if (norm == 0) {
            v[0] = 1f;
            return v;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    protected static List<String> texts(JsonNode input) {
        List<String> out = new ArrayList<>();
        if (input == null) {
            return out;
        }
        if (input.isArray()) {
            input.forEach(n -> out.add(n.asText()));
        } else {
            out.add(input.asText());
        }
        return out;
    }
}
