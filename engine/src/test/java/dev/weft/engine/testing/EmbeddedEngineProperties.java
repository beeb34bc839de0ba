package dev.weft.engine.testing;

import dev.weft.testsupport.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Spring properties of the test applications that embed the engine through its auto-configuration on their own
 * fresh database (one per test class; the class declares the database and calls these from its
 * {@code @DynamicPropertySource}).
 */
public final class EmbeddedEngineProperties {

    private EmbeddedEngineProperties() {
    }

    /** The application's DataSource on {@code db}; Flyway off, the engine migrates the schema itself. */
    public static void database(DynamicPropertyRegistry registry, TestDatabases.FreshDatabase db) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.flyway.enabled", () -> "false");
        registry.add("weft.engine.migrate", () -> "true");
    }

    /**
     * {@link #database}, the gRPC gateway on loopback at any free port, and the Camunda starter's own client off: the
     * REST ({@code /v2}) tests build their client once the ports are known.
     */
    public static void restServer(DynamicPropertyRegistry registry, TestDatabases.FreshDatabase db) {
        database(registry, db);
        registry.add("weft.engine.grpc.port", () -> "0");
        registry.add("weft.engine.grpc.host", () -> "127.0.0.1");
        registry.add("camunda.client.enabled", () -> "false");
    }

    /** A port free right now, for properties that must name the port before the application starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
