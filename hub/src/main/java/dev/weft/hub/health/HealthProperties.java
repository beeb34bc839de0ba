package dev.weft.hub.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Health checks of the services the hub depends on ({@code weft.health.*}).
 *
 * @param timeout how long one check of Pulsar or Keycloak may take before the component is reported DOWN;
 *                short, because {@code /actuator/health} answers only when every check has finished
 */
@ConfigurationProperties("weft.health")
public record HealthProperties(@DefaultValue("5s") Duration timeout) {
}
