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
 * @param issuer    the {@code iss} tokens carry, when it differs from {@code <url>/realms/<realm>} (env
 *                  {@code WEFT_KEYCLOAK_ISSUER}). Keycloak writes the address the client used into {@code iss}:
 *                  in a container network the hub reaches {@code http://keycloak:8080} while browsers get tokens
 *                  from {@code http://localhost:18080}; then set this to the browsers' issuer and give Keycloak
 *                  a fixed front-end host name ({@code KC_HOSTNAME}) with a dynamic back channel.
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
        URI issuer,
        @DefaultValue("weft-hub") String audience,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("30s") Duration clockSkew) {

    public KeycloakProperties {
        // ${WEFT_KEYCLOAK_URL:} binds to an empty URI when the variable is unset: that means "no Keycloak".
        if (url != null && url.toString().isBlank()) {
            url = null;
        }
        if (issuer != null && issuer.toString().isBlank()) {
            issuer = null;
        }
    }

    /** Whether a Keycloak is configured at all. */
    public boolean configured() {
        return url != null;
    }

    /** The issuer the hub accepts in tokens ({@code iss}). */
    public String expectedIssuer() {
        return issuer != null ? issuer.toString() : realmUrl();
    }

    /** The realm's OpenID Connect discovery document, at the address the hub reaches Keycloak by. */
    public URI discoveryDocument() {
        return URI.create(realmUrl() + "/.well-known/openid-configuration");
    }

    private String realmUrl() {
        if (url == null) {
            throw new IllegalStateException("weft.keycloak.url is not set");
        }
        return url.toString().replaceAll("/+$", "") + "/realms/" + realm;
    }
}
