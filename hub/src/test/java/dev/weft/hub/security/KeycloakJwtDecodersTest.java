package dev.weft.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.hub.KeycloakTokens;
import dev.weft.testsupport.WeftServices;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The decoder on its own, against the shared Keycloak: what it accepts and why it refuses. */
class KeycloakJwtDecodersTest {

    private static final Clock NOW = Clock.systemUTC();

    @Test
    void acceptsARealmTokenForTheHubAndReadsItsRealmRoles() {
        Jwt jwt = decoder(properties(null, "weft-hub"), NOW).decode(KeycloakTokens.user("developer"));

        assertThat(jwt.getIssuer()).hasToString(WeftServices.get().keycloakIssuer());
        assertThat(jwt.getAudience()).contains("weft-hub");
        assertThat(RealmRolesAuthenticationConverter.realmRoles(jwt)).contains("developer");
        assertThat(new RealmRolesAuthenticationConverter().convert(jwt).getAuthorities())
                .extracting(Object::toString).contains("ROLE_developer");
    }

    @Test
    void refusesTokensWhenTheHubExpectsAnotherAudience() {
        JwtDecoder decoder = decoder(properties(null, "some-other-api"), NOW);

        assertThatThrownBy(() -> decoder.decode(KeycloakTokens.user("developer")))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("aud");
    }

    @Test
    void anIssuerOverrideReplacesTheIssuerDerivedFromTheUrl() {
        String token = KeycloakTokens.service();
        URI sameAsTokens = URI.create(WeftServices.get().keycloakIssuer());
        URI otherHost = URI.create("http://keycloak:8080/realms/weft");

        assertThat(decoder(properties(sameAsTokens, "weft-hub"), NOW).decode(token).getSubject()).isNotBlank();
        assertThatThrownBy(() -> decoder(properties(otherHost, "weft-hub"), NOW).decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("iss");
    }

    @Test
    void refusesATokenOnceItHasExpiredAndBeforeItIsValid() {
        String token = KeycloakTokens.user("viewer");
        Instant now = Instant.now();
        Clock anHourLater = Clock.fixed(now.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        Clock anHourEarlier = Clock.fixed(now.minus(Duration.ofHours(1)), ZoneOffset.UTC);

        assertThatThrownBy(() -> decoder(properties(null, "weft-hub"), anHourLater).decode(token))
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("expired");
        // Keycloak sets iat but no nbf; a token "from the future" is refused by the issued-at check.
        assertThatThrownBy(() -> decoder(properties(null, "weft-hub"), anHourEarlier).decode(token))
                .isInstanceOf(JwtValidationException.class).hasMessageContaining("issued in the future");
    }

    private static JwtDecoder decoder(KeycloakProperties properties, Clock clock) {
        return KeycloakJwtDecoders.create(properties, clock);
    }

    private static KeycloakProperties properties(URI issuer, String audience) {
        return new KeycloakProperties(WeftServices.get().keycloakUrl(), "weft", issuer, audience,
                Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
