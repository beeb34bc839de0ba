package dev.weft.hub.engine;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in job workers the hub serves on its Camunda client ({@code weft.workers.*}).
 *
 * @param enabled        serve the built-in job types (llm, retrieve, ingest, ...) from this process
 * @param maxJobsActive  jobs one worker holds at a time
 * @param jobTimeout     how long an activated job stays locked to this process
 * @param streamEnabled  receive jobs pushed by the gateway in addition to polling
 * @param httpAllowHosts hosts that {@code weft.http} and {@code weft.mcp-tool} may reach despite the SSRF guard
 */
@ConfigurationProperties("weft.workers")
public record WorkersProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("16") int maxJobsActive,
        @DefaultValue("5m") Duration jobTimeout,
        @DefaultValue("true") boolean streamEnabled,
        @DefaultValue Set<String> httpAllowHosts) {
}
