package dev.weft.workers.llm.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.workers.llm.provider.ChatMessage;
import dev.weft.workers.llm.provider.ChatRequest;
import dev.weft.workers.llm.provider.Usage;
import dev.weft.workers.llm.routing.LlmResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Shared by the caches: the request's identity (everything but the model) and the stored answer's shape. */
final class CachedAnswers {

    static final ObjectMapper JSON = new ObjectMapper();

    private CachedAnswers() {
    }

    /**
     * SHA-256 over what a semantic hit must share exactly: tenant, system prompt, every message before the last,
     * and the JSON schema. Only the last message is matched by meaning.
     */
    static String contextKey(String alias, String tenant, ChatRequest r) {
        ObjectNode n = JSON.createObjectNode().put("alias", alias).put("tenant", tenant).put("system", r.systemPrompt());
        var history = n.putArray("history");
        for (ChatMessage m : r.messages().subList(0, Math.max(0, r.messages().size() - 1))) {
            history.addObject().put("role", m.role()).put("content", m.content());
        }
        if (r.jsonSchema() != null) {
            n.set("schema", r.jsonSchema());
        }
        return sha256(n.toString());
    }

    /**
     * SHA-256 over tenant, system prompt, messages, temperature, max tokens and JSON schema: who asks and what
     * changes the answer.
     */
    static String key(String alias, String tenant, ChatRequest r) {
        ObjectNode n = JSON.createObjectNode().put("alias", alias).put("tenant", tenant).put("system", r.systemPrompt());
        var messages = n.putArray("messages");
        for (ChatMessage m : r.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        if (r.temperature() != null) {
            n.put("temperature", r.temperature());
        }
        if (r.maxTokens() != null) {
            n.put("maxTokens", r.maxTokens());
        }
        if (r.jsonSchema() != null) {
            n.set("schema", r.jsonSchema());
        }
        return sha256(n.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String write(LlmResult r) {
        return JSON.createObjectNode().put("text", r.text()).put("modelId", r.modelId()).put("alias", r.alias())
                .put("promptTokens", r.usage().promptTokens()).put("completionTokens", r.usage().completionTokens())
                .toString();
    }

    static LlmResult read(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new LlmResult(n.path("text").asText(), List.of(),
                    new Usage(n.path("promptTokens").asInt(), n.path("completionTokens").asInt()),
                    n.path("modelId").asText(), null, n.path("alias").asText(null), BigDecimal.ZERO, 0, false, true,
                    "cache hit", List.of(), List.of());
        } catch (IOException e) {
            return null;
        }
    }
}
