package dev.weft.engine.gateway.boot;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.EngineConfig;
import dev.weft.engine.api.Engines;
import dev.weft.engine.gateway.grpc.GatewayServer;
import dev.weft.engine.gateway.grpc.GatewayServerOptions;
import dev.weft.engine.gateway.grpc.WeftGatewayService;
import dev.weft.engine.gateway.rest.DeploymentController;
import dev.weft.engine.gateway.rest.IncidentController;
import dev.weft.engine.gateway.rest.JobController;
import dev.weft.engine.gateway.rest.MessageController;
import dev.weft.engine.gateway.rest.ProcessDefinitionController;
import dev.weft.engine.gateway.rest.ProcessInstanceController;
import dev.weft.engine.gateway.rest.RestErrors;
import dev.weft.engine.gateway.rest.TopologyController;
import dev.weft.engine.gateway.rest.UnservedController;
import dev.weft.engine.gateway.rest.UserTaskController;
import dev.weft.engine.gateway.rest.VariableController;
import dev.weft.migrations.WeftMigrations;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the Weft engine inside a Spring Boot application ({@code weft.engine.mode=embedded}, the default): the
 * {@link Engine} on the application's DataSource, the Zeebe-protocol gRPC gateway, and the {@code /v2} REST
 * controllers when the application serves HTTP. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConditionalOnProperty(prefix = "weft.engine", name = "mode", havingValue = "embedded", matchIfMissing = true)
@EnableConfigurationProperties(WeftEngineProperties.class)
public final class WeftEngineAutoConfiguration {

    /** The engine; migrations first when {@code weft.engine.migrate} is on. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    public Engine weftEngine(DataSource dataSource, WeftEngineProperties properties) {
        if (properties.migrate()) {
            WeftMigrations.migrate(dataSource);
        }
        return Engines.start(EngineConfig.builder(dataSource)
                .nodeId(properties.nodeId())
                .partitionCount(properties.partitionCount())
                .processingThreads(properties.batching().processingThreads())
                .maxBatchSize(properties.batching().maxBatchSize())
                .maxQueuedCommands(properties.batching().maxQueuedCommands())
                .keyBlockSize(properties.batching().keyBlockSize())
                .schedulerInterval(properties.schedulerInterval())
                .maxResourceBytes(Math.toIntExact(properties.maxResourceSize().toBytes()))
                .maxVariablesBytes(Math.toIntExact(properties.maxVariablesSize().toBytes()))
                .build());
    }

    /** The gRPC gateway, started on creation and stopped gracefully with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "weft.engine.grpc", name = "enabled", havingValue = "true", matchIfMissing = true)
    public GatewayServer weftGatewayServer(Engine engine, WeftEngineProperties properties) {
        WeftEngineProperties.Grpc grpc = properties.grpc();
        GatewayServerOptions options = new GatewayServerOptions(grpc.host(), grpc.port(),
                Math.toIntExact(grpc.maxMessageSize().toBytes()), grpc.permitKeepAliveTime(), grpc.shutdownGracePeriod());
        AtomicReference<GatewayServer> self = new AtomicReference<>();
        WeftGatewayService service = new WeftGatewayService(engine, grpc::advertisedHost, () -> self.get().port());
        GatewayServer server = new GatewayServer(options, service);
        self.set(server);
        return server.start();
    }

    /** The {@code /v2} REST subset, for servlet applications (the hub, the standalone engine). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnProperty(prefix = "weft.engine.rest", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class RestApi {

        @Bean
        @ConditionalOnMissingBean
        TopologyController weftTopologyController(Engine engine, WeftEngineProperties properties,
                                                  ObjectProvider<GatewayServer> grpc) {
            return new TopologyController(engine, () -> properties.grpc().advertisedHost(), () -> {
                GatewayServer server = grpc.getIfAvailable();
                return server != null && server.isRunning() ? server.port() : properties.grpc().port();
            });
        }

        @Bean
        @ConditionalOnMissingBean
        DeploymentController weftDeploymentController(Engine engine) {
            return new DeploymentController(engine);
        }

        @Bean
        @ConditionalOnMissingBean
        ProcessInstanceController weftProcessInstanceController(Engine engine) {
            return new ProcessInstanceController(engine);
        }

        @Bean
        @ConditionalOnMissingBean
        JobController weftJobController(Engine engine, WeftEngineProperties properties) {
            return new JobController(engine, properties.rest().activationProbeAfter());
        }

        @Bean
        @ConditionalOnMissingBean
        IncidentController weftIncidentController(Engine engine) {
            return new IncidentController(engine);
        }

        @Bean
        @ConditionalOnMissingBean
        UserTaskController weftUserTaskController(Engine engine) {
            return new UserTaskController(engine);
        }

        @Bean
        @ConditionalOnMissingBean
        MessageController weftMessageController(Engine engine) {
            return new MessageController(engine);
        }

        @Bean
        @ConditionalOnMissingBean
        VariableController weftVariableController(Engine engine) {
            return new VariableController(engine);
        }

        @Bean
        @ConditionalOnMissingBean
        ProcessDefinitionController weftProcessDefinitionController(Engine engine) {
            return new ProcessDefinitionController(engine);
        }

        @Bean
        @ConditionalOnMissingBean
        UnservedController weftUnservedController() {
            return new UnservedController();
        }

        @Bean
        @ConditionalOnMissingBean
        RestErrors weftRestErrors() {
            return new RestErrors();
        }
    }
}
