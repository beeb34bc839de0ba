package dev.weft.hub.access;

import dev.weft.hub.access.AccessModel.VerifiedApiKey;
import dev.weft.hub.security.ApiKeyAuthenticator;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;

/** An application authenticated by one of its API keys; the principal is the {@link VerifiedApiKey}. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final VerifiedApiKey key;

    ApiKeyAuthentication(VerifiedApiKey key) {
        super(List.of());
        this.key = key;
        setAuthenticated(true);
    }

    @Override
    public VerifiedApiKey getPrincipal() {
        return key;
    }

    /** Never the key itself: after verification nothing needs it again. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return key.applicationName();
    }

    /** The access feature's answer to the security feature's {@link ApiKeyAuthenticator}. */
    static ApiKeyAuthenticator authenticator(ApiKeyVerifier verifier, ApiKeyCodec codec) {
        return new ApiKeyAuthenticator() {
            @Override
            public boolean recognises(String credential) {
                return codec.publicPrefixOf(credential).isPresent();
            }

            @Override
            public Optional<Authentication> authenticate(String key) {
                return verifier.verify(key).map(ApiKeyAuthentication::new);
            }
        };
    }
}
