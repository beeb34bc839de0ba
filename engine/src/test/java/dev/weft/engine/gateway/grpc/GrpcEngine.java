package dev.weft.engine.gateway.grpc;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.Engines;
import dev.weft.engine.testing.EngineHarness;
import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A real engine on a fresh database behind the engine's own gRPC gateway, with a Camunda client speaking gRPC to it:
 * the setup of the client-driven gRPC tests. One per test class, started in {@code @BeforeAll} and closed in
 * {@code @AfterAll} (client, gateway, engine, then the connection pool it opened).
 */
public final class GrpcEngine implements AutoCloseable {

    public final DataSource dataSource;
    public final Engine engine;
    public final WeftGatewayService service;
    public final GatewayServer server;
    public final CamundaClient client;
    private final AutoCloseable underneath;

    private GrpcEngine(DataSource dataSource, Engine engine, AutoCloseable underneath) {
        this.dataSource = dataSource;
        this.engine = engine;
        this.underneath = underneath;
        Gateway gateway;
        try {
            gateway = Gateway.start(engine);
        } catch (RuntimeException e) {
            closeQuietly(underneath, e);
            throw e;
        }
        this.service = gateway.service();
        this.server = gateway.server();
        this.client = Clients.grpc(server.port());
    }

    /**
     * An engine with default settings on its own pool of at most 8 connections to a fresh database named after
     * {@code label}.
     */
    public static GrpcEngine start(String label) {
        TestDatabases.FreshDatabase db = TestDatabases.create(label);
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUsername(db.user());
        pool.setPassword(db.password());
        pool.setMaximumPoolSize(8);
        Engine engine;
        try {
            WeftMigrations.migrate(pool);
            engine = Engines.start(EngineConfig.builder(pool).build());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new GrpcEngine(pool, engine, () -> {
            try {
                engine.close();
            } finally {
                pool.close();
            }
        });
    }

    /** The gateway in front of an {@link EngineHarness}'s engine; closing this closes the harness too. */
    public static GrpcEngine on(EngineHarness harness) {
        return new GrpcEngine(harness.dataSource, harness.engine, harness);
    }

    @Override
    public void close() {
        try {
            Clients.closeQuietly(client);
        } finally {
            try {
                server.close();
            } finally {
                try {
                    underneath.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable c, RuntimeException cause) {
        try {
            c.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * A started gRPC gateway as the tests run it (loopback, any free port, 4 MiB messages, 30 s keep-alive, 5 s
     * shutdown grace) advertising its own port, and its service.
     */
    public record Gateway(WeftGatewayService service, GatewayServer server) implements AutoCloseable {

        public static Gateway start(Engine engine) {
            GatewayServer[] self = new GatewayServer[1];
            WeftGatewayService service = new WeftGatewayService(engine, () -> "localhost", () -> self[0].port());
            self[0] = new GatewayServer(new GatewayServerOptions("127.0.0.1", 0, 4 * 1024 * 1024,
                    Duration.ofSeconds(30), Duration.ofSeconds(5)), service);
            return new Gateway(service, self[0].start());
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
