package dev.weft.engine.gateway.grpc;

import dev.weft.engine.api.Engine;
import dev.weft.engine.gateway.AdHocJobWorkerSemantics;
import dev.weft.engine.testing.EngineHarness;
import io.camunda.client.CamundaClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The job-worker-driven ad-hoc sub-process suite over gRPC, against the engine's own gRPC gateway. */
class AdHocJobWorkerGrpcTest extends AdHocJobWorkerSemantics {

    static EngineHarness h;
    static GrpcEngine grpc;
    static CamundaClient client;

    @BeforeAll
    static void start() {
        h = EngineHarness.start("engine_adhoc_grpc");
        grpc = GrpcEngine.on(h);
        client = grpc.client;
    }

    @AfterAll
    static void stop() {
        if (grpc != null) {
            grpc.close();
        }
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
