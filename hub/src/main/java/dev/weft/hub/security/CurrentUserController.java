package dev.weft.hub.security;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: who the caller's token or API key says they are, for the frontend and for support. */
@RestController
class CurrentUserController {

    /**
     * @param subject  the token's {@code sub}: Keycloak's stable user id
     * @param username {@code preferred_username} (for a service account: {@code service-account-<client>};
     *                 for an API key: the application's name)
     * @param clientId the client the token was issued to ({@code azp}); for an API key its public prefix
     * @param roles    realm roles, sorted
     */
    record CurrentUser(String subject, String username, String clientId, List<String> roles) {
    }

    @GetMapping("/api/me")
    CurrentUser me(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken token) {
            Jwt jwt = token.getToken();
            return new CurrentUser(jwt.getSubject(), token.getName(), jwt.getClaimAsString("azp"),
                    RealmRolesAuthenticationConverter.realmRoles(jwt));
        }
        if (authentication.getPrincipal() instanceof CallerIdentity caller) {
            return new CurrentUser(caller.subject(), caller.username(), caller.clientId(), caller.roles());
        }
        throw new IllegalStateException("Unexpected authentication " + authentication.getClass().getName());
    }
}
