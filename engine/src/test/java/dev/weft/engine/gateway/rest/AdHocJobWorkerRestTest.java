package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.Engine;
import dev.weft.engine.gateway.AdHocJobWorkerSemantics;
import dev.weft.engine.testing.EmbeddedEngineProperties;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The job-worker-driven ad-hoc sub-process suite in the client's default REST mode, REST served by Spring MVC. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = AdHocJobWorkerRestTest.App.class)
class AdHocJobWorkerRestTest extends AdHocJobWorkerSemantics {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private static final TestDatabases.FreshDatabase DB = TestDatabases.create("adhoc_rest");
    @RegisterExtension
    static final RestEngineClient REST = new RestEngineClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedEngineProperties.restServer(registry, DB);
    }

    @Autowired
    Engine engine;

    @Override
    protected CamundaClient client() {
        return REST.client();
    }

    @Override
    protected Engine engine() {
        return engine;
    }

    @Override
    protected boolean grpc() {
        return false;
    }
}
