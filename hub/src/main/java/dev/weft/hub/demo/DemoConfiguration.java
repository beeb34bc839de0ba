package dev.weft.hub.demo;

import dev.weft.engine.api.Engine;
import dev.weft.workers.runtime.WeftAi;
import io.camunda.client.CamundaClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sample behind {@code GET /api/demo/run} ({@code ./weft demo}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoProperties.class)
public class DemoConfiguration {

    @Bean
    DemoService weftDemoService(WeftAi ai, ObjectProvider<CamundaClient> client, ObjectProvider<Engine> engine,
                                DemoProperties properties) {
        return new DemoService(ai, client, engine, properties);
    }
}
