package dev.weft.hub.demo;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample of {@code GET /api/demo/run} ({@code weft.demo.*}).
 *
 * @param modelBaseUrl OpenAI-compatible endpoint the demo route tries first; the default is a local Ollama. When
 *                     nothing answers there, the route's extractive fallback answers from the passages
 * @param model        model name sent to that endpoint
 * @param question     asked when the request names none
 * @param runTimeout   how long a demo run may take
 */
@ConfigurationProperties("weft.demo")
public record DemoProperties(
        @DefaultValue("http://127.0.0.1:11434/v1") URI modelBaseUrl,
        @DefaultValue("llama3.2") String model,
        @DefaultValue("What happens when every model of a route fails?") String question,
        @DefaultValue("2m") Duration runTimeout) {
}
