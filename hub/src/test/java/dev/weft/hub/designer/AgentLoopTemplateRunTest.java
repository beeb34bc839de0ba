package dev.weft.hub.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import dev.weft.templates.WeftTemplates;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.RecordedRequest;
import dev.weft.workers.mcp.McpSchemaValidator;
import dev.weft.workers.runtime.WeftAi;
import io.camunda.client.CamundaClient;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The agent-loop template runs on the embedded engine as shipped, apart from the address of its MCP server: the
 * agent (weft.llm against the fake OpenAI server) asks for a tool, the ad-hoc sub-process activates exactly that
 * tool, weft.mcp-tool calls it on a real MCP server (the MCP Java SDK's Streamable HTTP server in an embedded
 * Tomcat), and the agent answers from the result. The BPMN is deployed directly: the designer cannot import the
 * ad-hoc sub-process into a graph yet (see docs/architecture.md).
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
    @Autowired
    CamundaClient client;

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
    void theAgentCallsTheToolItAskedForOverMcpAndAnswersFromItsResult() throws Exception {
        FakeModels.register(ai);
        String xml;
        try (InputStream in = WeftTemplates.open(WeftTemplates.PIPELINES + "agent-loop.bpmn")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String shipped = "<zeebe:header key=\"server\" value=\"http://127.0.0.1:9300/mcp\" />";
        assertThat(xml).contains(shipped);
        // The one change an operator makes: where the MCP server is, allowed as a private host by the flow.
        xml = xml.replace(shipped, "<zeebe:header key=\"server\" value=\"" + url + "\" />"
                + "<zeebe:header key=\"allowHosts\" value=\"127.0.0.1\" />");
        client.newDeployResourceCommand().addResourceStringUtf8(xml, "agent-loop.bpmn").send().join();

        String developer = KeycloakTokens.user("developer");
        String goal = "How do I reset my password?";
        String instance = json(send("POST", "/v2/process-instances", developer, JSON.writeValueAsString(Map.of(
                "processDefinitionId", "weft_agent_loop", "variables", Map.of("goal", goal)))), 200)
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

        // Only the tool the agent asked for ran, with the arguments the template fills in.
        assertThat(calls).containsExactly("search_docs({query=" + goal + "})");
        JsonNode vars = json(send("POST", "/v2/variables/search", developer,
                "{\"filter\": {\"processInstanceKey\": {\"$eq\": \"" + instance + "\"}, \"name\": {\"$eq\": \"result\"}}}"), 200);
        JsonNode result = JSON.readTree(vars.path("items").get(0).path("value").asText());
        assertThat(result.path("answer").asText()).isEqualTo("From the docs: Reset a password under Settings > Security.");

        // The agent ran twice: offered the tools first, then given the conversation with the tool's result.
        List<RecordedRequest> agent = FakeModels.OPENAI.requests(FakeOpenAiServer.CHAT).stream()
                .filter(r -> "agent-model".equals(r.model())).toList();
        assertThat(agent).hasSize(2);
        assertThat(agent.get(0).json().path("tools").findValuesAsText("name")).containsExactlyInAnyOrder("search_docs", "create_ticket");
        assertThat(agent.get(1).json().path("messages").findValuesAsText("content")).contains(goal,
                "Calling tools: search_docs", "Result of tool search_docs: Reset a password under Settings > Security.");
    }
}
