package dev.weft.hub.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.hub.security.KeycloakProperties;
import dev.weft.hub.security.OnKeycloakConfigured;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.pulsar.core.PulsarAdministration;

/**
 * Health components beyond Boot's own {@code db} and {@code redis}: {@code pulsar} always, {@code keycloak}
 * when it is configured. Component names come from the bean names.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({HealthProperties.class, KeycloakProperties.class})
public class HealthConfiguration {

    @Bean
    PulsarHealthIndicator pulsarHealthIndicator(PulsarAdministration administration, HealthProperties health,
                                                @Value("${spring.pulsar.admin.service-url}") String adminUrl,
                                                @Value("${spring.pulsar.client.service-url}") String serviceUrl) {
        return new PulsarHealthIndicator(administration, adminUrl, serviceUrl, health.timeout());
    }

    @Bean
    @OnKeycloakConfigured
    KeycloakHealthIndicator keycloakHealthIndicator(KeycloakProperties keycloak, HealthProperties health,
                                                    ObjectMapper json) {
        return new KeycloakHealthIndicator(keycloak, health.timeout(), json);
    }
}
