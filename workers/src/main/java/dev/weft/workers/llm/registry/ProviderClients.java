package dev.weft.workers.llm.registry;

import dev.weft.workers.llm.provider.AnthropicProvider;
import dev.weft.workers.llm.provider.ChatProvider;
import dev.weft.workers.llm.provider.EndpointConfig;
import dev.weft.workers.llm.provider.OpenAiCompatibleProvider;
import dev.weft.workers.llm.provider.ProviderHttp;
import dev.weft.workers.llm.secret.CredentialResolver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds provider clients from registry entries and keeps them, keyed by the spec itself: an edited provider
 * (new URL, timeout or credential reference) gets a new client; all share one pooled HTTP client.
 */
public final class ProviderClients {

    private final ProviderHttp http;
    private final CredentialResolver credentials;
    private final Map<Key, ChatProvider> clients = new ConcurrentHashMap<>();

    public ProviderClients(ProviderHttp http, CredentialResolver credentials) {
        this.http = http;
        this.credentials = credentials;
    }

    /** The client for a provider with its configured timeout. */
    public ChatProvider client(ProviderSpec spec) {
        return client(spec, spec.requestTimeout());
    }

    /** The client for a provider with another timeout (health probes use the model's probe timeout). */
    public ChatProvider client(ProviderSpec spec, Duration timeout) {
        return clients.computeIfAbsent(new Key(spec, timeout), k -> {
            EndpointConfig endpoint = new EndpointConfig(spec.baseUrl(), credentials.resolve(spec.credential()),
                    timeout, spec.headers());
            return switch (spec.kind()) {
                case OPENAI -> new OpenAiCompatibleProvider(endpoint, http);
                case ANTHROPIC -> new AnthropicProvider(endpoint, http);
            };
        });
    }

    private record Key(ProviderSpec spec, Duration timeout) {
    }
}
