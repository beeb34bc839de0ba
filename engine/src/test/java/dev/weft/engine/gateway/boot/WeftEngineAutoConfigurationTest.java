package dev.weft.engine.gateway.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.api.Engine;
import dev.weft.engine.gateway.grpc.GatewayServer;
import dev.weft.engine.gateway.rest.JobController;
import dev.weft.engine.gateway.rest.TopologyController;
import dev.weft.testsupport.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class WeftEngineAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, WeftEngineAutoConfiguration.class));

    /** Without a DataSource: modes that run no engine must not need one. */
    private final ApplicationContextRunner withoutDatabase = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WeftEngineAutoConfiguration.class));

    @Test
    void modeOffCreatesNoEngineAndNoGateway() {
        withoutDatabase.withPropertyValues("weft.engine.mode=off").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Engine.class);
            assertThat(context).doesNotHaveBean(GatewayServer.class);
        });
    }

    @Test
    void modeCamundaLeavesTheEngineToTheCluster() {
        withoutDatabase.withPropertyValues("weft.engine.mode=camunda").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Engine.class);
        });
    }

    @Test
    void embeddedByDefaultWithGatewayAndDocumentedDefaults() {
        TestDatabases.FreshDatabase db = TestDatabases.create("gateway_autoconfig");
        runner.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.user(),
                        "spring.datasource.password=" + db.password(), "weft.engine.migrate=true",
                        "weft.engine.grpc.port=0", "weft.engine.grpc.host=127.0.0.1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(Engine.class);
                    assertThat(context.getBean(GatewayServer.class).isRunning()).isTrue();
                    // Not a web application: no REST controllers.
                    assertThat(context).doesNotHaveBean(JobController.class);
                    WeftEngineProperties properties = context.getBean(WeftEngineProperties.class);
                    assertThat(properties.mode()).isEqualTo(WeftEngineProperties.Mode.EMBEDDED);
                    assertThat(properties.grpc().maxMessageSize()).isEqualTo(DataSize.ofMegabytes(4));
                    assertThat(properties.grpc().permitKeepAliveTime()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(properties.batching().processingThreads()).isEqualTo(2);
                });
    }

    @Test
    void grpcAndRestCanBeSwitchedOffSeparately() {
        TestDatabases.FreshDatabase db = TestDatabases.create("gateway_autoconfig_web");
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, WeftEngineAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.user(),
                        "spring.datasource.password=" + db.password(), "weft.engine.migrate=true",
                        "weft.engine.grpc.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(Engine.class);
                    assertThat(context).doesNotHaveBean(GatewayServer.class);
                    assertThat(context).hasSingleBean(TopologyController.class);
                    assertThat(context).hasSingleBean(JobController.class);
                });
    }
}
