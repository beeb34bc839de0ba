package dev.weft.workers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.workers.job.InvalidInputException;
import dev.weft.workers.job.Step;
import dev.weft.workers.job.StepInput;
import dev.weft.workers.job.StepOutcome;
import dev.weft.workers.llm.step.PromptTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code weft.http}: an outbound REST call behind the {@link SsrfGuard}. */
public final class HttpStep implements Step {

    public static final String TYPE = "weft.http";
    public static final String HTTP_BLOCKED = "HTTP_BLOCKED";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final Set<String> globalAllowHosts;

    /** @param globalAllowHosts hosts every flow may reach despite the guard (from configuration) */
    public HttpStep(Set<String> globalAllowHosts) {
        this.globalAllowHosts = Set.copyOf(globalAllowHosts);
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public StepOutcome execute(StepInput input) {
        Map<String, Object> vars = input.variables();
        String method = input.string("method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new InvalidInputException("method", "must be one of " + METHODS + ", got '" + method + "'");
        }
        String urlText = PromptTemplate.render("url", input.required("url"), vars);
        URI uri;
        try {
            uri = URI.create(urlText.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("url", "is not a valid URL: " + e.getMessage());
        }
        Set<String> flowAllow = new HashSet<>(input.list("allowHosts"));
        try {
            new SsrfGuard(globalAllowHosts, flowAllow).check(uri);
        } catch (SsrfGuard.BlockedException e) {
            return new StepOutcome.BpmnError(HTTP_BLOCKED, e.getMessage(), Map.of());
        }
        Duration timeout = input.duration("timeout", Duration.ofSeconds(30));
        String body = PromptTemplate.render("body", input.string("body"), vars);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        JsonNode headers = input.json("headers");
        if (headers != null) {
            if (!headers.isObject()) {
                throw new InvalidInputException("headers", "must be a JSON object of header names to values");
            }
            headers.fields().forEachRemaining(h -> {
                try {
                    b.header(h.getKey(), h.getValue().asText());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("headers." + h.getKey(), e.getMessage());
                }
            });
        }
        HttpResponse<String> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new StepOutcome.Failed("weft.http: no answer from " + uri.getHost() + " within " + timeout, true, null);
        } catch (IOException e) {
            return new StepOutcome.Failed("weft.http: " + uri.getHost() + ": " + e.getClass().getSimpleName(), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepOutcome.Failed("weft.http: interrupted", true, null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", response.statusCode());
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> responseHeaders.put(k, v.isEmpty() ? "" : v.getFirst()));
        out.put("headers", responseHeaders);
        String contentType = response.headers().firstValue("content-type").orElse("");
        Object parsed = response.body();
        if (contentType.contains("json") && !response.body().isBlank()) {
            try {
                parsed = JSON.readValue(response.body(), Object.class);
            } catch (IOException notJson) {
                parsed = response.body();
            }
        }
        out.put("body", parsed);
        String variable = input.string("resultVariable", "response");
        if (response.statusCode() >= 400 && input.bool("errorOnStatus", false)) {
            return new StepOutcome.BpmnError("HTTP_" + response.statusCode(), method + " " + uri.getHost() + " answered "
                    + response.statusCode(), Map.of(variable, out));
        }
        return new StepOutcome.Completed(Map.of(variable, out));
    }
}
