package dev.weft.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class OnKeycloakConfiguredTest {

    @Configuration(proxyBeanMethods = false)
    static class KeycloakOnly {
        @Bean
        @OnKeycloakConfigured
        String keycloakBean() {
            return "present";
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(KeycloakOnly.class);

    @Test
    void matchesWhenAUrlIsSet() {
        runner.withPropertyValues("weft.keycloak.url=http://127.0.0.1:18080")
                .run(context -> assertThat(context).hasBean("keycloakBean"));
    }

    @Test
    void doesNotMatchWhenTheUrlIsBlank() {
        // application.yml maps an unset WEFT_KEYCLOAK_URL to an empty value, not to a missing property.
        runner.withPropertyValues("weft.keycloak.url=").run(context -> assertThat(context).doesNotHaveBean("keycloakBean"));
        runner.withPropertyValues("weft.keycloak.url=  ").run(context -> assertThat(context).doesNotHaveBean("keycloakBean"));
    }

    @Test
    void blankUrlsBindAsNoKeycloak() {
        KeycloakProperties none = new KeycloakProperties(URI.create(""), "weft", URI.create(""),
                "weft-hub", Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(none.configured()).isFalse();
        assertThat(none.issuer()).isNull();

        KeycloakProperties local = new KeycloakProperties(URI.create("http://127.0.0.1:18080/"), "weft", null,
                "weft-hub", Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(local.expectedIssuer()).isEqualTo("http://127.0.0.1:18080/realms/weft");
        assertThat(local.discoveryDocument())
                .hasToString("http://127.0.0.1:18080/realms/weft/.well-known/openid-configuration");
    }
}
