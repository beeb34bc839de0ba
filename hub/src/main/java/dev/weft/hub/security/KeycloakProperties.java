package dev.weft.hub.security;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the hub finds Keycloak and what it accepts in a token ({@code weft.keycloak.*}).
 *
 * @param url       base URL of Keycloak, e.g. {@code http://127.0.0.1:18080} (env {@code WEFT_KEYCLOAK_URL}).
 *                  When absent or blank the hub still starts, reports no keycloak health component and
 *                  denies every endpoint except health, because no caller can be authenticated.
 * @param realm     the realm whose tokens are accepted; the issuer is {@code <url>/realms/<realm>}
 * @param audience  a token must name this audience in {@code aud}, so tokens minted for other
 *                  applications of the same realm are refused
 * @param timeout   connect and read timeout for the discovery document and the signing keys
 *                  (also the keycloak health check's budget)
 * @param clockSkew tolerance for {@code exp} and {@code nbf} between Keycloak's clock and ours
 */
@ConfigurationProperties("weft.keycloak")
public record KeycloakProperties(
        URI url,
        @DefaultValue("weft") String realm,
        @DefaultValue("weft-hub") String audience,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("30s") Duration clockSkew) {

    public KeycloakProperties {
        // ${WEFT_KEYCLOAK_URL:} binds to an empty URI when the variable is unset: that means "no Keycloak".
        if (url != null && url.toString().isBlank()) {
            url = null;
        }
    }

    /** Whether a Keycloak is configured at all. */
    public boolean configured() {
        return url != null;
    }

    /** The issuer Keycloak writes into the realm's tokens ({@code iss}). */
    public String issuer() {
        if (url == null) {
            throw new IllegalStateException("weft.keycloak.url is not set");
        }
        return url.toString().replaceAll("/+$", "") + "/realms/" + realm;
    }

    /** The realm's OpenID Connect discovery document. */
    public URI discoveryDocument() {
        return URI.create(issuer() + "/.well-known/openid-configuration");
    }
}
