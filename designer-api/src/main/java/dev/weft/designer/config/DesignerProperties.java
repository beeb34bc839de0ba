package dev.weft.designer.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the designer ({@code weft.designer.*}).
 *
 * @param deployTimeout how long publish waits for the engine to acknowledge a deployment (default 30 s)
 */
@ConfigurationProperties("weft.designer")
public record DesignerProperties(Duration deployTimeout) {

    public DesignerProperties {
        deployTimeout = deployTimeout == null ? Duration.ofSeconds(30) : deployTimeout;
    }
}
