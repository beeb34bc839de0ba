package dev.weft.hub.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
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
     * request instead of being remembered. The discovery document is read from the hub's own address of
     * Keycloak, which may differ from the issuer in the tokens (see {@link KeycloakProperties#issuer()}).
     */
    static JwtDecoder create(KeycloakProperties keycloak, Clock clock) {
        OAuth2TokenValidator<Jwt> validator = validator(keycloak, clock);
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(keycloak.timeout());
        requests.setReadTimeout(keycloak.timeout());
        RestTemplate rest = new RestTemplate(requests);
        JwtDecoder lazy = new SupplierJwtDecoder(() -> {
            String jwksUri = jwksUri(rest, keycloak);
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri).restOperations(rest).build();
            decoder.setJwtValidator(validator);
            return decoder;
        });
        return token -> {
            try {
                return lazy.decode(token);
            } catch (JwtDecoderInitializationException e) {
                // Not a bad token: Keycloak did not answer. As a JwtException (not a BadJwtException) it becomes
                // an AuthenticationServiceException, which TokenCheckFailureHandler answers with 503.
                throw new JwtException("Cannot read the discovery document " + keycloak.discoveryDocument(), e);
            }
        };
    }

    private static String jwksUri(RestTemplate rest, KeycloakProperties keycloak) {
        URI discovery = keycloak.discoveryDocument();
        Map<?, ?> document = rest.getForObject(discovery, Map.class);
        if (document == null || !(document.get("jwks_uri") instanceof String jwksUri) || jwksUri.isBlank()) {
            throw new IllegalStateException("The discovery document at " + discovery + " names no jwks_uri");
        }
        return jwksUri;
    }

    /**
     * JwtTimestampValidator checks exp and nbf only; Keycloak sets no nbf, so iat is what tells that a token
     * comes from a clock far ahead of ours (or was minted for later use).
     */
    private static OAuth2TokenValidator<Jwt> issuedNotInTheFuture(Duration skew, Clock clock) {
        return jwt -> {
            Instant issuedAt = jwt.getIssuedAt();
            if (issuedAt != null && issuedAt.isAfter(clock.instant().plus(skew))) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                        "Jwt issued in the future: iat " + issuedAt, null));
            }
            return OAuth2TokenValidatorResult.success();
        };
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
                issuedNotInTheFuture(keycloak.clockSkew(), clock),
                new JwtIssuerValidator(keycloak.expectedIssuer()),
                new JwtAudienceValidator(keycloak.audience()));
    }
}
