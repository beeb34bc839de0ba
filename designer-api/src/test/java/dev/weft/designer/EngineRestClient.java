package dev.weft.designer;

import io.camunda.client.CamundaClient;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * The client the hub would configure, pointed at the embedded engine's /v2 REST API in the test's own server
 * (created lazily: the port is known only once the server runs). Import it into a {@code @SpringBootTest}.
 */
@TestConfiguration
public class EngineRestClient {

    @Bean(destroyMethod = "close")
    @Lazy
    CamundaClient camundaClient(Environment env) {
        return CamundaClient.newClientBuilder()
                .restAddress(URI.create("http://127.0.0.1:" + env.getProperty("local.server.port")))
                .preferRestOverGrpc(true)
                .defaultRequestTimeout(Duration.ofSeconds(10))
                .build();
    }
}
