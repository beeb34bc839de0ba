package dev.weft.workers.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.workers.http.HttpStep;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepJobHandler;
import dev.weft.workers.job.StepOutcome;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real MCP server: the MCP Java SDK's Streamable HTTP server in an embedded Tomcat. */
class McpToolStepTest {

    private static Tomcat tomcat;
    private static McpSyncServer mcp;
    private static String url;
    private final McpToolStep step = new McpToolStep(Set.of());

    @BeforeAll
    static void start() throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").build();
        McpSchema.Tool weather = McpSchema.Tool.builder().name("weather").description("Weather for a city")
                .inputSchema(Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")))).build();
        mcp = McpServer.sync(transport).serverInfo("weather-test", "1.0").jsonSchemaValidator(new McpSchemaValidator())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(McpServerFeatures.SyncToolSpecification.builder().tool(weather).callHandler((exchange, request) -> {
                    Object city = request.arguments().get("city");
                    if ("Atlantis".equals(city)) {
                        return McpSchema.CallToolResult.builder().addTextContent("unknown city").isError(true).build();
                    }
                    return McpSchema.CallToolResult.builder().addTextContent("Sunny in " + city)
                            .structuredContent(Map.of("city", city, "celsius", 21)).build();
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
    static void stop() throws Exception {
        mcp.closeGracefully();
        tomcat.stop();
        tomcat.destroy();
    }

    private StepOutcome run(Map<String, String> headers, Map<String, Object> vars) {
        return StepJobHandler.run(step, StepInput.of(headers, vars));
    }

    @Test
    @SuppressWarnings("unchecked")
    void callsTheToolWithTemplatedArguments() {
        StepOutcome outcome = run(Map.of("server", url, "tool", "weather", "arguments", "{\"city\": \"{{trip.city}}\"}",
                "allowHosts", "127.0.0.1"), Map.of("trip", Map.of("city", "Bergen")));

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Completed.class, c -> {
            Map<String, Object> result = (Map<String, Object>) c.variables().get("toolResult");
            assertThat(result).containsEntry("isError", false).containsEntry("structured", Map.of("city", "Bergen", "celsius", 21));
            assertThat((List<Map<String, Object>>) result.get("content")).first()
                    .satisfies(content -> assertThat(content).containsEntry("type", "text").containsEntry("text", "Sunny in Bergen"));
        });
    }

    @Test
    void aToolErrorIsABpmnError() {
        StepOutcome outcome = run(Map.of("server", url, "tool", "weather", "allowHosts", "127.0.0.1"),
                Map.of("arguments", Map.of("city", "Atlantis")));

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.BpmnError.class,
                e -> assertThat(e.code()).isEqualTo(McpToolStep.MCP_TOOL_ERROR));
    }

    @Test
    void anUnknownToolFailsWithoutRetries() {
        StepOutcome outcome = run(Map.of("server", url, "tool", "horoscope", "allowHosts", "127.0.0.1"), Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.message()).contains("horoscope");
        });
    }

    @Test
    void theServerUrlPassesTheSsrfGuard() {
        assertThat(run(Map.of("server", url, "tool", "weather"), Map.of()))
                .isInstanceOfSatisfying(StepOutcome.BpmnError.class, e -> assertThat(e.code()).isEqualTo(HttpStep.HTTP_BLOCKED));
    }
}
