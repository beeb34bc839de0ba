package dev.weft.designer.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the designer ({@code weft.designer.*}).
 *
 * @param deployTimeout          how long publish waits for the engine to acknowledge a deployment (default 30 s)
 * @param testRunPollInterval    how often an open test-run stream looks for new records (default 100 ms)
 * @param testRunStreamTimeout   how long a test-run event stream stays open at most (default 30 min)
 */
@ConfigurationProperties("weft.designer")
public record DesignerProperties(Duration deployTimeout, Duration testRunPollInterval, Duration testRunStreamTimeout) {

    public DesignerProperties {
        deployTimeout = deployTimeout == null ? Duration.ofSeconds(30) : deployTimeout;
        testRunPollInterval = testRunPollInterval == null ? Duration.ofMillis(100) : testRunPollInterval;
        testRunStreamTimeout = testRunStreamTimeout == null ? Duration.ofMinutes(30) : testRunStreamTimeout;
    }
}
