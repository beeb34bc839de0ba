package dev.weft.workers.llm.registry;

import dev.weft.workers.llm.secret.CredentialResolver;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * An upstream endpoint.
 *
 * @param id             short name, lowercase ({@code openai}, {@code local-vllm})
 * @param kind           wire protocol
 * @param baseUrl        API base including the version segment ({@code https://api.openai.com/v1})
 * @param credential     {@code env:NAME}, {@code enc:v1:...} or null; never a plain key
 * @param requestTimeout time to first byte and longest silence in a stream
 * @param headers        extra non-secret headers
 */
public record ProviderSpec(String id, ProviderKind kind, URI baseUrl, String credential, Duration requestTimeout,
                           Map<String, String> headers) {

    public ProviderSpec {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
    }

    public static ProviderSpec of(String id, ProviderKind kind, URI baseUrl, String credential) {
        return new ProviderSpec(id, kind, baseUrl, credential, null, Map.of());
    }

    public ProviderSpec withRequestTimeout(Duration timeout) {
        return new ProviderSpec(id, kind, baseUrl, credential, timeout, headers);
    }

    void validate() {
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new InvalidSpecException("id", "must be 1-63 lowercase letters, digits, '.', '_' or '-'");
        }
        if (kind == null) {
            throw new InvalidSpecException("kind", "is required");
        }
        if (baseUrl == null || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new InvalidSpecException("baseUrl", "must be an http(s) URL");
        }
        try {
            CredentialResolver.validateReference(credential);
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("credential", e.getMessage().replaceFirst("^credential: ", ""));
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new InvalidSpecException("requestTimeout", "must be positive");
        }
        headers.keySet().forEach(h -> {
            String lower = h.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("authorization") || lower.equals("x-api-key") || lower.equals("api-key")) {
                throw new InvalidSpecException("headers." + h, "credentials go into 'credential', not into headers");
            }
        });
    }
}
