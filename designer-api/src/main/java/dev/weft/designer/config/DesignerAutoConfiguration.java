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
import dev.weft.designer.validation.FeelChecker;
import dev.weft.designer.validation.GraphValidator;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The designer backend as a drop-in: an application that depends on {@code weft-designer-api} and has a
 * {@link DataSource} (migrated with {@code weft-migrations}) serves {@code /api/designer/**}. Every bean can
 * be replaced; security is the application's.
 */
@AutoConfiguration(after = {JacksonAutoConfiguration.class, DataSourceAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class})
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
    DesignerExceptionHandler weftDesignerExceptionHandler() {
        return new DesignerExceptionHandler();
    }
}
