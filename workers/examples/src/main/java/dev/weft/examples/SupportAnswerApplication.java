package dev.weft.examples;

import dev.weft.workers.runtime.WeftAi;
import io.camunda.client.annotation.Deployment;
import java.net.URI;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application serving one custom worker. Camunda's starter creates the client (see
 * application.properties), finds {@link SupportAnswerWorker}'s {@code @JobWorker} method and deploys the BPMN;
 * Weft's AI layer is one bean on the Weft database.
 */
@SpringBootApplication
@Deployment(resources = "classpath:support-answer.bpmn")
public class SupportAnswerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SupportAnswerApplication.class, args);
    }

    /** Registry, routing, health, gateway and retrieval on the (migrated) Weft database; Redis is optional. */
    @Bean(destroyMethod = "close")
    WeftAi weftAi(DataSource dataSource, @Value("${weft.redis-url:}") String redisUrl) {
        return WeftAi.on(dataSource, redisUrl.isBlank() ? null : URI.create(redisUrl));
    }

    @Bean
    SupportAnswerWorker supportAnswerWorker(WeftAi ai) {
        return new SupportAnswerWorker(ai);
    }
}
