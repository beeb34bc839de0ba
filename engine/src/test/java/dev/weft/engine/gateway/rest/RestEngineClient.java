package dev.weft.engine.gateway.rest;

import dev.weft.engine.gateway.grpc.Clients;
import dev.weft.engine.gateway.grpc.GatewayServer;
import io.camunda.client.CamundaClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The Camunda client of a {@code @SpringBootTest} that embeds the engine and serves its REST ({@code /v2}) API on a
 * random port: built in the client's default REST mode (job streams over the application's gRPC gateway) before the
 * class's first test, once both ports are known, and closed after the class. Register it as a static field with
 * {@code @RegisterExtension}; the application is the one the test's Spring context runs, so it opens no engine or
 * connection of its own.
 */
public final class RestEngineClient implements BeforeEachCallback, AfterAllCallback {

    private CamundaClient client;
    private int port;

    @Override
    public void beforeEach(ExtensionContext context) {
        if (client != null) {
            return;
        }
        ApplicationContext app = SpringExtension.getApplicationContext(context);
        port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        client = Clients.rest(port, app.getBean(GatewayServer.class).port());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            Clients.closeQuietly(client);
        } finally {
            client = null;
        }
    }

    /** The client; only within a test or {@code @BeforeEach}. */
    public CamundaClient client() {
        if (client == null) {
            throw new IllegalStateException("The REST client exists only while a test of the class runs");
        }
        return client;
    }

    /** The application's HTTP port. */
    public int port() {
        client();
        return port;
    }
}
