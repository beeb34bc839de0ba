package dev.weft.engine.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.EngineRejection;
import dev.weft.engine.api.RejectionType;
import dev.weft.engine.gateway.common.InvalidVariablesException;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {

    @ParameterizedTest
    @EnumSource(RejectionType.class)
    void everyRejectionKeepsItsSentenceAndMapsToItsStatus(RejectionType type) {
        var status = GrpcErrors.toStatus("CompleteJob",
                new CompletionException(new EngineRejection(type, "Expected to complete job with key '42', but no such job was found").toException()))
                .getStatus();
        assertThat(status.getCode().name()).isEqualTo(type.grpcCode());
        assertThat(status.getDescription()).isEqualTo("Expected to complete job with key '42', but no such job was found");
    }

    @Test
    void badInputIsInvalidArgument() {
        var status = GrpcErrors.toStatus("SetVariables", new InvalidVariablesException("variables", "expected a JSON object")).getStatus();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("'variables'");
    }

    @Test
    void unexpectedFailuresDoNotLeakTheirDetails() {
        var status = GrpcErrors.toStatus("DeployResource", new IllegalStateException("password=secret in a connection string")).getStatus();
        assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getDescription()).contains("DeployResource").doesNotContain("secret");
    }
}
