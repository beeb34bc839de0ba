package dev.weft.engine.gateway.grpc;

import dev.weft.engine.api.Engine;
import dev.weft.engine.gateway.AdHocJobWorkerSemantics;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The job-worker-driven ad-hoc sub-process suite over gRPC, against the engine's own gRPC gateway. */
class AdHocJobWorkerGrpcTest extends AdHocJobWorkerSemantics {

    static EngineHarness h;
    static GatewayServer server;
    static CamundaClient client;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_adhoc_grpc");
        GatewayServer[] self = new GatewayServer[1];
        WeftGatewayService service = new WeftGatewayService(h.engine, () -> "localhost", () -> self[0].port());
        self[0] = new GatewayServer(new GatewayServerOptions("127.0.0.1", 0, 4 * 1024 * 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(5)), service);
        server = self[0].start();
        client = Clients.grpc(server.port());
    }

    @AfterAll
    static void stop() {
        Clients.closeQuietly(client);
        if (server != null) {
            server.close();
        }
        h.close();
    }

    @Override
    protected CamundaClient client() {
        return client;
    }

    @Override
    protected Engine engine() {
        return h.engine;
    }

    @Override
    protected boolean grpc() {
        return true;
    }
}
