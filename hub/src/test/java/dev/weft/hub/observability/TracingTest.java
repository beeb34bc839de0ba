package dev.weft.hub.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.hub.HubIntegrationTest;
import dev.weft.hub.KeycloakTokens;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

class TracingTest extends HubIntegrationTest {

    private static final String HEX_TRACE_ID = "[0-9a-f]{32}";

    @Autowired
    ApplicationContext context;

    @Test
    void everyResponseCarriesItsTraceIdEvenARefusal() throws Exception {
        HttpResponse<String> first = anonymousGet("/actuator/health");
        HttpResponse<String> second = anonymousGet("/api/me");

        assertThat(first.headers().firstValue("X-Trace-Id")).hasValueSatisfying(id -> assertThat(id).matches(HEX_TRACE_ID));
        assertThat(second.statusCode()).isEqualTo(401);
        assertThat(second.headers().firstValue("X-Trace-Id")).hasValueSatisfying(id -> assertThat(id).matches(HEX_TRACE_ID));
        assertThat(first.headers().firstValue("X-Trace-Id")).isNotEqualTo(second.headers().firstValue("X-Trace-Id"));
    }

    @Test
    void anIncomingW3cTraceparentIsContinued() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + KeycloakTokens.user("viewer"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Trace-Id")).contains(traceId);
    }

    @Test
    void spansStayInTheProcessUntilAnOtlpEndpointIsConfigured() {
        // Exporting to a collector that is not there would log an error for every batch.
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
    }
}
