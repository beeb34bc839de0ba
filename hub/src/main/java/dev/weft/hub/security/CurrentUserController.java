package dev.weft.hub.security;

import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: who the caller's token says they are, for the frontend and for support. */
@RestController
class CurrentUserController {

    /**
     * @param subject  the token's {@code sub}: Keycloak's stable user id
     * @param username {@code preferred_username} (for a service account: {@code service-account-<client>})
     * @param clientId the client the token was issued to ({@code azp})
     * @param roles    realm roles, sorted
     */
    record CurrentUser(String subject, String username, String clientId, List<String> roles) {
    }

    @GetMapping("/api/me")
    CurrentUser me(JwtAuthenticationToken authentication) {
        Jwt jwt = authentication.getToken();
        return new CurrentUser(jwt.getSubject(), authentication.getName(), jwt.getClaimAsString("azp"),
                RealmRolesAuthenticationConverter.realmRoles(jwt));
    }
}
