package dev.weft.designer.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.designer.bpmn.BpmnGenerator;
import dev.weft.designer.bpmn.BpmnImporter;
import dev.weft.designer.catalog.CatalogController;
import dev.weft.designer.catalog.NodeCatalog;
import dev.weft.designer.flow.CamundaFlowDeployer;
import dev.weft.designer.flow.DesignerExceptionHandler;
import dev.weft.designer.flow.FlowController;
import dev.weft.designer.flow.FlowDeployer;
import dev.weft.designer.flow.FlowService;
import dev.weft.designer.flow.TemplateController;
import dev.weft.designer.validation.FeelChecker;
import dev.weft.designer.validation.GraphValidator;
import dev.weft.designer.run.EngineRunRecords;
import dev.weft.designer.run.NodeUsage;
import dev.weft.designer.run.RunRecords;
import dev.weft.designer.run.TestRunController;
import dev.weft.designer.run.TestRunService;
import dev.weft.designer.run.TokenRelay;
import io.camunda.client.CamundaClient;
import java.net.URI;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The designer backend as a drop-in: an application that depends on {@code weft-designer-api} and has a
 * {@link DataSource} (migrated with {@code weft-migrations}) serves {@code /api/designer/**}. Every bean can
 * be replaced; security is the application's.
 */
@AutoConfiguration(after = {JacksonAutoConfiguration.class, DataSourceAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class},
        afterName = "dev.weft.engine.gateway.boot.WeftEngineAutoConfiguration")
@EnableConfigurationProperties(DesignerProperties.class)
public final class DesignerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NodeCatalog weftNodeCatalog(ObjectMapper json) {
        return NodeCatalog.load(json);
    }

    @Bean
    @ConditionalOnMissingBean
    FeelChecker weftFeelChecker() {
        return new FeelChecker();
    }

    @Bean
    @ConditionalOnMissingBean
    GraphValidator weftGraphValidator(NodeCatalog catalog, FeelChecker feel) {
        return new GraphValidator(catalog, feel);
    }

    @Bean
    @ConditionalOnMissingBean
    BpmnGenerator weftBpmnGenerator(NodeCatalog catalog, ObjectMapper json) {
        return new BpmnGenerator(catalog, json);
    }

    @Bean
    @ConditionalOnMissingBean
    BpmnImporter weftBpmnImporter(NodeCatalog catalog, ObjectMapper json) {
        return new BpmnImporter(catalog, json);
    }

    @Bean
    @ConditionalOnMissingBean
    FlowDeployer weftFlowDeployer(ObjectProvider<CamundaClient> client, DesignerProperties properties) {
        return new CamundaFlowDeployer(client, properties.deployTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DataSource.class)
    FlowService weftFlowService(DataSource dataSource, ObjectProvider<JdbcClient> jdbc, ObjectProvider<PlatformTransactionManager> txManager,
                                ObjectMapper json, GraphValidator validator, BpmnGenerator generator, BpmnImporter importer,
                                FlowDeployer deployer, ObjectProvider<Clock> clock) {
        JdbcClient client = jdbc.getIfAvailable(() -> JdbcClient.create(dataSource));
        PlatformTransactionManager tm = txManager.getIfAvailable(
                () -> new org.springframework.jdbc.support.JdbcTransactionManager(dataSource));
        return new FlowService(client, new TransactionTemplate(tm), json, validator, generator, importer, deployer,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnWebApplication
    @ConditionalOnMissingBean
    CatalogController weftCatalogController(NodeCatalog catalog) {
        return new CatalogController(catalog);
    }

    @Bean
    @ConditionalOnWebApplication
    @ConditionalOnMissingBean
    @ConditionalOnBean(FlowService.class)
    FlowController weftFlowController(FlowService flows) {
        return new FlowController(flows);
    }

    @Bean
    @ConditionalOnWebApplication
    @ConditionalOnMissingBean
    @ConditionalOnBean(FlowService.class)
    TemplateController weftTemplateController(FlowService flows, BpmnImporter importer) {
        return new TemplateController(flows, importer);
    }

    /**
     * Test runs follow the record log of an engine in this process; only the embedded Weft engine has one here. The
     * condition is the engine auto-configuration's own (weft-engine on the classpath, {@code weft.engine.mode}
     * embedded), so the two agree whatever order they are processed in.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.weft.engine.api.Engine")
    @ConditionalOnProperty(prefix = "weft.engine", name = "mode", havingValue = "embedded", matchIfMissing = true)
    static class EmbeddedEngineRecords {
        /** The embedded engine runs on the application's DataSource, so its record log is there. */
        @Bean
        @ConditionalOnMissingBean
        RunRecords weftRunRecords(DataSource dataSource) {
            return new EngineRunRecords(dataSource);
        }
    }

    /**
     * The built-in workers of this process write the LLM usage ledger in batches; a test run's node usage is read
     * after what they have queued is committed, so a finished node shows its tokens and cost.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.weft.workers.runtime.WeftAi")
    static class WorkersUsageLedger {
        @Bean
        @ConditionalOnMissingBean
        NodeUsage.PendingWrites weftWorkersPendingUsage(ObjectProvider<dev.weft.workers.runtime.WeftAi> ai) {
            return () -> ai.ifAvailable(a -> a.ledger().flush());
        }
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(FlowService.class)
    TestRunService weftTestRunService(DataSource dataSource, ObjectProvider<JdbcClient> jdbc, ObjectMapper json,
                                      FlowService flows, NodeCatalog catalog, GraphValidator validator,
                                      BpmnGenerator generator, FlowDeployer deployer, ObjectProvider<CamundaClient> client,
                                      ObjectProvider<RunRecords> records, ObjectProvider<Clock> clock,
                                      ObjectProvider<NodeUsage.PendingWrites> pendingUsage,
                                      DesignerProperties properties, Environment env) {
        JdbcClient j = jdbc.getIfAvailable(() -> JdbcClient.create(dataSource));
        String mode = env.getProperty("weft.engine.mode", "embedded");
        String reason = mode.equalsIgnoreCase("camunda")
                ? "Test runs need the embedded Weft engine: this designer deploys to a remote Camunda 8 cluster "
                  + "(weft.engine.mode=camunda), whose record log it cannot follow. Publish the flow and run it on the "
                  + "cluster, or run the hub with weft.engine.mode=embedded for test runs."
                : "Test runs need the embedded Weft engine, and this server runs none (weft.engine.mode=" + mode + ").";
        String redis = env.getProperty("spring.data.redis.url", "");
        return new TestRunService(j, json, flows, catalog, validator, generator, deployer, client,
                records.getIfAvailable(), reason, new NodeUsage(j, pendingUsage.getIfAvailable(() -> () -> { })),
                new TokenRelay(redis.isBlank() ? null : URI.create(redis)), clock.getIfAvailable(Clock::systemUTC),
                new TestRunService.Options(properties.testRunPollInterval(), properties.testRunStreamTimeout(),
                        properties.deployTimeout()));
    }

    @Bean
    @ConditionalOnWebApplication
    @ConditionalOnMissingBean
    @ConditionalOnBean(TestRunService.class)
    TestRunController weftTestRunController(TestRunService runs) {
        return new TestRunController(runs);
    }

    @Bean
    @ConditionalOnWebApplication
    @ConditionalOnMissingBean
    DesignerExceptionHandler weftDesignerExceptionHandler() {
        return new DesignerExceptionHandler();
    }
}
