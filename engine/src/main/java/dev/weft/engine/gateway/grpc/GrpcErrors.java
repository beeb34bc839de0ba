package dev.weft.engine.gateway.grpc;

import dev.weft.engine.api.EngineRejectedException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever a call failed with into the gRPC status the Camunda client understands. Rejections keep their
 * sentence; bad input becomes INVALID_ARGUMENT; anything unexpected becomes INTERNAL with a generic description
 * (the detail goes to the log, never to the client, so no stack trace or secret leaks).
 */
final class GrpcErrors {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(String rpc, Throwable failure) {
        Throwable cause = unwrap(failure);
        return switch (cause) {
            case StatusRuntimeException sre -> sre;
            case EngineRejectedException rejected -> Status.fromCode(Status.Code.valueOf(rejected.type().grpcCode()))
                    .withDescription(rejected.getMessage())
                    .asRuntimeException();
            case IllegalArgumentException invalid -> Status.INVALID_ARGUMENT
                    .withDescription(invalid.getMessage())
                    .asRuntimeException();
            case CancellationException cancelled -> Status.CANCELLED
                    .withDescription(rpc + " was cancelled")
                    .asRuntimeException();
            default -> {
                LOG.error("{} failed unexpectedly", rpc, cause);
                yield Status.INTERNAL
                        .withDescription(rpc + " failed inside the Weft engine; the engine log has the details")
                        .asRuntimeException();
            }
        };
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static StatusRuntimeException unimplemented(String rpc, String why) {
        return Status.UNIMPLEMENTED
                .withDescription("Weft does not serve the gateway RPC " + rpc + ": " + why)
                .asRuntimeException();
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
