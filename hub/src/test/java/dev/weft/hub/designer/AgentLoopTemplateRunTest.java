package dev.weft.hub.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.RecordedRequest;
import dev.weft.workers.mcp.McpSchemaValidator;
import dev.weft.workers.runtime.WeftAi;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The agent-loop template, created as a flow through the designer API (it imports as start -> agent -> end, the
 * agent node holding the tool loop), pointed at a real MCP server (the MCP Java SDK's Streamable HTTP server in an
 * embedded Tomcat) by editing the agent's tool nodes in the draft, published and run on the embedded engine: the
 * agent (weft.llm against the fake OpenAI server) asks for a tool, the ad-hoc sub-process activates exactly that
 * tool, weft.mcp-tool calls it, and the agent answers from the result.
 */
class AgentLoopTemplateRunTest extends HubIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Tomcat tomcat;
    static McpSyncServer mcp;
    static String url;
    /** Every tool call the MCP server answered, as "tool(arguments)". */
    static final List<String> calls = new CopyOnWriteArrayList<>();

    @Autowired
    WeftAi ai;

    @BeforeAll
    static void mcpServer() throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").build();
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("query", Map.of("type", "string")));
        mcp = McpServer.sync(transport).serverInfo("docs-test", "1.0").jsonSchemaValidator(new McpSchemaValidator())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(McpServerFeatures.SyncToolSpecification.builder()
                                .tool(McpSchema.Tool.builder().name("search_docs").description("Search the documentation")
                                        .inputSchema(schema).build())
                                .callHandler((exchange, request) -> {
                                    calls.add("search_docs(" + request.arguments() + ")");
                                    return McpSchema.CallToolResult.builder()
                                            .addTextContent("Reset a password under Settings > Security.").build();
                                }).build(),
                        McpServerFeatures.SyncToolSpecification.builder()
                                .tool(McpSchema.Tool.builder().name("create_ticket").description("Open a support ticket")
                                        .inputSchema(Map.of("type", "object", "properties",
                                                Map.of("title", Map.of("type", "string")))).build())
                                .callHandler((exchange, request) -> {
                                    calls.add("create_ticket(" + request.arguments() + ")");
                                    return McpSchema.CallToolResult.builder().addTextContent("TICKET-1").build();
                                }).build())
                .build();
        Path base = Files.createTempDirectory("mcp-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context ctx = tomcat.addContext("", base.toString());
        Tomcat.addServlet(ctx, "mcp", transport).setAsyncSupported(true);
        ctx.addServletMappingDecoded("/*", "mcp");
        tomcat.start();
        url = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/mcp";
    }

    @AfterAll
    static void stopMcpServer() throws Exception {
        mcp.closeGracefully();
        tomcat.stop();
        tomcat.destroy();
    }

    JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void theAgentCreatedFromTheTemplateCallsTheToolItAskedForOverMcpAndAnswersFromItsResult() throws Exception {
        FakeModels.register(ai);
        String developer = KeycloakTokens.user("developer");
        JsonNode created = json(send("POST", "/api/designer/templates/agent-loop/flows", developer, null), 201);
        assertThat(created.path("issues")).as(created.toString()).isEmpty();
        String flowId = created.path("flow").path("id").asText();

        HttpResponse<String> draft = get("/api/designer/flows/" + flowId + "/draft", developer);
        ObjectNode graph = (ObjectNode) json(draft, 200).path("graph");
        assertThat(graph.path("nodes").findValuesAsText("id")).contains("start", "agent", "end");
        JsonNode agentNode = null;
        for (JsonNode n : graph.path("nodes")) {
            if (n.path("id").asText().equals("agent")) {
                agentNode = n;
            }
        }
        assertThat(agentNode.path("type").asText()).isEqualTo("agent");
        // The one change an operator makes: where the MCP server is, allowed as a private host by the flow.
        for (JsonNode tool : agentNode.path("settings").path("nodes")) {
            assertThat(tool.path("settings").path("server").asText()).isEqualTo("http://127.0.0.1:9300/mcp");
            ((ObjectNode) tool.path("settings")).put("server", url).put("allowHosts", "127.0.0.1");
        }
        HttpRequest put = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/designer/flows/" + flowId + "/draft"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + developer)
                .header("If-Match", draft.headers().firstValue("ETag").orElseThrow())
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(graph))).build();
        JsonNode saved = json(HTTP.send(put, HttpResponse.BodyHandlers.ofString()), 200);
        assertThat(saved.path("issues").findValuesAsText("severity")).doesNotContain("error");
        json(send("POST", "/api/designer/flows/" + flowId + "/versions", developer,
                "{\"name\": \"agent\", \"comment\": \"MCP server set\"}"), 201);
        String processId = created.path("flow").path("processId").asText();

        String goal = "How do I reset my password?";
        String instance = json(send("POST", "/v2/process-instances", developer, JSON.writeValueAsString(Map.of(
                "processDefinitionId", processId, "variables", Map.of("goal", goal)))), 200)
                .path("processInstanceKey").asText();
        JsonNode state = null;
        for (int i = 0; i < 600; i++) {
            state = json(get("/v2/process-instances/" + instance, developer), 200);
            if (!state.path("state").asText().equals("ACTIVE") || state.path("hasIncident").asBoolean()) {
                break;
            }
            Thread.sleep(100);
        }
        String filter = "{\"filter\": {\"processInstanceKey\": \"" + instance + "\"}}";
        assertThat(state.path("state").asText()).as("incidents: " + send("POST", "/v2/incidents/search", developer, filter).body())
                .isEqualTo("COMPLETED");

        // Only the tool the agent asked for ran, with the arguments the model put in its call (not the goal).
        assertThat(calls).containsExactly("search_docs({query=reset password})");
        assertThat(variable(instance, "result", developer).path("answer").asText())
                .isEqualTo("From the docs: Reset a password under Settings > Security.");
        // The agent node's typed outputs: two model turns, one tool call.
        JsonNode agent = variable(instance, "agent", developer);
        assertThat(agent.path("iterations").asInt()).isEqualTo(2);
        assertThat(agent.path("toolCalls").toString()).isEqualTo("[\"search_docs\"]");

        // The agent ran twice: offered the tools first, then given the conversation with the tool's result.
        List<RecordedRequest> requests = FakeModels.OPENAI.requests(FakeOpenAiServer.CHAT).stream()
                .filter(r -> "agent-model".equals(r.model())).toList();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).json().path("tools").findValuesAsText("name")).containsExactlyInAnyOrder("search_docs", "create_ticket");
        // Offered with the tool's declared input schema as its parameters.
        assertThat(requests.get(0).json().path("tools").findValues("parameters").toString()).contains("\"query\"", "\"title\"");
        assertThat(requests.get(1).json().path("messages").findValuesAsText("content")).contains(goal,
                "Calling tools: search_docs", "Result of tool search_docs: Reset a password under Settings > Security.");
    }

    JsonNode variable(String instance, String name, String token) throws Exception {
        JsonNode vars = json(send("POST", "/v2/variables/search", token, "{\"filter\": {\"processInstanceKey\": {\"$eq\": \""
                + instance + "\"}, \"name\": {\"$eq\": \"" + name + "\"}}}"), 200);
        assertThat(vars.path("items")).as(name + ": " + vars).hasSize(1);
        return JSON.readTree(vars.path("items").get(0).path("value").asText());
    }
}
