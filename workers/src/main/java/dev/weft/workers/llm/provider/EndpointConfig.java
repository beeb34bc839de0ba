package dev.weft.workers.llm.provider;

import dev.weft.workers.llm.secret.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to call one upstream.
 *
 * @param baseUrl        API base including the version segment, e.g. {@code https://api.openai.com/v1}
 * @param apiKey         resolved credential (never printed)
 * @param requestTimeout time allowed until the answer starts, and the longest silence inside a stream;
 *                       serverless GPU endpoints need a generous one for cold starts
 * @param headers        extra headers (e.g. {@code OpenAI-Organization}); values must not be secrets
 */
public record EndpointConfig(URI baseUrl, Secret apiKey, Duration requestTimeout, Map<String, String> headers) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public EndpointConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        apiKey = apiKey == null ? Secret.none() : apiKey;
        requestTimeout = requestTimeout == null ? DEFAULT_TIMEOUT : requestTimeout;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("baseUrl: must be an http(s) URL, got " + baseUrl);
        }
    }

    public static EndpointConfig of(URI baseUrl, Secret apiKey) {
        return new EndpointConfig(baseUrl, apiKey, DEFAULT_TIMEOUT, Map.of());
    }

    public EndpointConfig withTimeout(Duration timeout) {
        return new EndpointConfig(baseUrl, apiKey, timeout, headers);
    }

    /** {@code baseUrl} + path, with exactly one slash between. */
    URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
