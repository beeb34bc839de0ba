package dev.weft.workers.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.workers.http.HttpStep;
import dev.weft.workers.http.SsrfGuard;
import dev.weft.workers.job.InvalidInputException;
import dev.weft.workers.job.Step;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.step.PromptTemplate;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code weft.mcp-tool}: calls one tool on an external MCP server over Streamable HTTP with the MCP Java SDK.
 * The server URL passes the same SSRF guard as {@code weft.http}. A tool result with {@code isError} is BPMN error
 * {@code MCP_TOOL_ERROR}; a protocol error (unknown tool, bad arguments) fails the job without retries; a server
 * that cannot be reached fails it with retries.
 */
public final class McpToolStep implements Step {

    public static final String TYPE = "weft.mcp-tool";
    public static final String MCP_TOOL_ERROR = "MCP_TOOL_ERROR";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> globalAllowHosts;

    public McpToolStep(Set<String> globalAllowHosts) {
        this.globalAllowHosts = Set.copyOf(globalAllowHosts);
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public StepOutcome execute(StepInput input) {
        String serverText = input.required("server");
        String tool = input.required("tool");
        URI server;
        try {
            server = URI.create(serverText.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("server", "is not a valid URL: " + e.getMessage());
        }
        Set<String> flowAllow = new HashSet<>(input.list("allowHosts"));
        try {
            new SsrfGuard(globalAllowHosts, flowAllow).check(server);
        } catch (SsrfGuard.BlockedException e) {
            return new StepOutcome.BpmnError(HttpStep.HTTP_BLOCKED, e.getMessage(), Map.of());
        }
        Map<String, Object> arguments = arguments(input);
        Duration timeout = input.duration("timeout", Duration.ofSeconds(30));
        String base = server.getScheme() + "://" + server.getRawAuthority();
        String endpoint = server.getRawPath() == null || server.getRawPath().isEmpty() ? "/mcp" : server.getRawPath();

        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint)
                .connectTimeout(Duration.ofSeconds(10)).build()).requestTimeout(timeout)
                .jsonSchemaValidator(new McpSchemaValidator()).clientInfo(new McpSchema.Implementation("weft", "0.1.0")).build();
        try {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("content", contentAsMaps(result.content()));
            out.put("structured", result.structuredContent() == null ? null : JSON.convertValue(result.structuredContent(), Object.class));
            out.put("isError", Boolean.TRUE.equals(result.isError()));
            String variable = input.string("resultVariable", "toolResult");
            if (Boolean.TRUE.equals(result.isError())) {
                return new StepOutcome.BpmnError(MCP_TOOL_ERROR, "tool '" + tool + "' on " + server.getHost()
                        + " reported an error", Map.of(variable, out));
            }
            return new StepOutcome.Completed(Map.of(variable, out));
        } catch (McpError e) {
            return new StepOutcome.Failed("weft.mcp-tool: server " + server.getHost() + " refused tool '" + tool + "': "
                    + e.getMessage(), false, null);
        } catch (RuntimeException e) {
            return new StepOutcome.Failed("weft.mcp-tool: server " + server.getHost() + " could not be reached: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), true, null);
        } finally {
            client.closeGracefully();
        }
    }

    /** Written through the base type so each item keeps its {@code type} discriminator (text, image, resource...). */
    private static List<Object> contentAsMaps(List<McpSchema.Content> content) {
        if (content == null) {
            return List.of();
        }
        try {
            String json = JSON.writerFor(new com.fasterxml.jackson.core.type.TypeReference<List<McpSchema.Content>>() { })
                    .writeValueAsString(content);
            return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<List<Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("MCP tool content could not be converted: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(StepInput input) {
        Object raw = input.raw("arguments");
        if (raw == null) {
            return Map.of();
        }
        if (raw instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        String rendered = PromptTemplate.render("arguments", raw.toString(), input.variables());
        try {
            JsonNode node = JSON.readTree(rendered);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException("arguments", "must be a JSON object");
            }
            return JSON.convertValue(node, Map.class);
        } catch (IOException e) {
            throw new InvalidInputException("arguments", "is not valid JSON after filling the template");
        }
    }
}
