package dev.weft.hub.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.web.client.RestTemplate;

/** Builds the decoder that accepts the Keycloak realm's access tokens meant for the hub. */
final class KeycloakJwtDecoders {

    private KeycloakJwtDecoders() {
    }

    /**
     * A decoder that reads the realm's discovery document and signing keys on first use, not at start-up:
     * the hub starts fast and still starts when Keycloak is late, and a failed fetch is retried on the next
     * request instead of being remembered.
     */
    static JwtDecoder create(KeycloakProperties keycloak, Clock clock) {
        String issuer = keycloak.issuer();
        OAuth2TokenValidator<Jwt> validator = validator(keycloak, clock);
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(keycloak.timeout());
        requests.setReadTimeout(keycloak.timeout());
        RestTemplate rest = new RestTemplate(requests);
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).restOperations(rest).build();
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }

    /** Signature aside, what a token must satisfy: live, from our realm, addressed to the hub. */
    static OAuth2TokenValidator<Jwt> validator(KeycloakProperties keycloak, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(keycloak.clockSkew());
        timestamps.setClock(clock);
        // JwtTimestampValidator lets a token without exp live forever; Keycloak always sets one.
        JwtClaimValidator<Instant> expires = new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull);
        return new DelegatingOAuth2TokenValidator<>(
                timestamps,
                expires,
                new JwtIssuerValidator(keycloak.issuer()),
                new JwtAudienceValidator(keycloak.audience()));
    }
}
