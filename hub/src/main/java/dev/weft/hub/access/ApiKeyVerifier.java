package dev.weft.hub.access;

import dev.weft.hub.access.AccessModel.VerifiedApiKey;
import java.util.Optional;

/**
 * Checks an API key presented by a caller (run API, OpenAI-compatible API, MCP server). Each call reads the key's
 * row, found by its public prefix through a unique index, so revocation and expiry hold on every replica the
 * moment they are written.
 */
public class ApiKeyVerifier {

    private final AccessRepository repository;
    private final ApiKeyCodec codec;

    ApiKeyVerifier(AccessRepository repository, ApiKeyCodec codec) {
        this.repository = repository;
        this.codec = codec;
    }

    /**
     * @return the key's application and scopes, or empty when the key is malformed, unknown, wrong, revoked or
     *         expired (callers answer 401 alike, so that the answer tells a guesser nothing)
     */
    public Optional<VerifiedApiKey> verify(String presented) {
        return codec.publicPrefixOf(presented)
                .flatMap(repository::findActiveKey)
                .filter(stored -> ApiKeyCodec.matches(presented, stored.sha256()))
                .map(stored -> new VerifiedApiKey(stored.keyId(), stored.prefix(), stored.applicationId(),
                        stored.applicationName(), stored.scopes().stream().map(ApiKeyScope::parse).toList()));
    }
}
