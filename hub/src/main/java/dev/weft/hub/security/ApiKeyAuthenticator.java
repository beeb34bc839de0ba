package dev.weft.hub.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * Extension point for authenticating applications by API key next to humans by Keycloak token. A key arrives in
 * {@code X-Api-Key} or, for OpenAI-style clients, as {@code Authorization: Bearer <key>}; the implementation
 * decides which bearer values are keys rather than JWTs.
 */
public interface ApiKeyAuthenticator {

    /** Header an application may send its key in. */
    String HEADER = "X-Api-Key";

    /** Whether a bearer value has the shape of an API key (so it is not to be decoded as a JWT). */
    boolean recognises(String credential);

    /**
     * @return the authenticated application, or empty when the key is unknown, wrong, revoked or expired
     */
    Optional<Authentication> authenticate(String key);
}
