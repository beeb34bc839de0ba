package dev.weft.hub.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.workers.runtime.WeftWorkers;
import io.camunda.client.CamundaClient;
import java.net.URI;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Which Camunda client the hub builds in each engine mode. No cluster is contacted: building a client does not
 * connect, and the workers (which would poll) are turned off here.
 */
class EngineClientConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(EngineClientConfiguration.class)
            // WeftAi only keeps the DataSource; nothing here queries it.
            .withBean(DataSource.class, SimpleDriverDataSource::new)
            .withPropertyValues("weft.workers.enabled=false");

    @Test
    void camundaModePointsTheClientAtTheConfiguredClusterOverGrpc() {
        runner.withPropertyValues("weft.engine.mode=camunda", "weft.camunda.grpc-address=http://zeebe.example.test:26500",
                        "weft.camunda.rest-address=http://camunda.example.test:8080")
                .run(context -> {
                    assertThat(context).hasSingleBean(CamundaClient.class);
                    CamundaClient client = context.getBean(CamundaClient.class);
                    assertThat(client.getConfiguration().getGrpcAddress())
                            .isEqualTo(URI.create("http://zeebe.example.test:26500"));
                    assertThat(client.getConfiguration().getRestAddress())
                            .isEqualTo(URI.create("http://camunda.example.test:8080"));
                    assertThat(client.getConfiguration().preferRestOverGrpc()).isFalse();
                });
    }

    @Test
    void camundaModeWithoutAddressesFailsNamingTheProperties() {
        runner.withPropertyValues("weft.engine.mode=camunda").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("weft.camunda.grpc-address")
                    .hasMessageContaining("weft.camunda.rest-address");
        });
    }

    @Test
    void offModeHasNoClientAndNoWorkers() {
        runner.withPropertyValues("weft.engine.mode=off", "weft.workers.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(CamundaClient.class);
            assertThat(context).doesNotHaveBean(WeftWorkers.class);
        });
    }

    @Test
    void anApplicationsOwnClientReplacesTheHubs() {
        CamundaClient own = CamundaClient.newClientBuilder().applyEnvironmentVariableOverrides(false)
                .grpcAddress(URI.create("http://own.example.test:26500")).build();
        try (own) {
            runner.withBean("ownClient", CamundaClient.class, () -> own).run(context -> {
                assertThat(context).hasSingleBean(CamundaClient.class);
                assertThat(context.getBean(CamundaClient.class)).isSameAs(own);
            });
        }
    }
}
