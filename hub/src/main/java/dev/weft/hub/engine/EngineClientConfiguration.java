package dev.weft.hub.engine;

import dev.weft.engine.gateway.grpc.GatewayServer;
import dev.weft.workers.llm.step.RedisTokenSink;
import dev.weft.workers.llm.step.TokenSink;
import dev.weft.workers.runtime.WeftAi;
import dev.weft.workers.runtime.WeftWorkers;
import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientBuilder;
import io.camunda.client.CredentialsProvider;
import java.net.URI;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link CamundaClient} of the hub, used by the designer to deploy and by the built-in workers to take jobs.
 * In embedded mode it talks gRPC to the engine's gateway in this process; in camunda mode to a Camunda 8 cluster.
 *
 * <p>Shutdown order follows the bean dependencies: the workers stop polling first, then the client closes, then
 * the gateway and the engine the auto-configuration created.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CamundaClientProperties.class, WorkersProperties.class})
public class EngineClientConfiguration {

    /** Embedded engine: the gateway is asked for its port, so a configured 0 (tests) works too. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "weft.engine", name = "mode", havingValue = "embedded", matchIfMissing = true)
    CamundaClient embeddedEngineClient(GatewayServer gateway, CamundaClientProperties properties) {
        return CamundaClient.newClientBuilder()
                // Only this configuration decides where the client goes, not CAMUNDA_* variables of the environment.
                .applyEnvironmentVariableOverrides(false)
                .grpcAddress(URI.create("http://127.0.0.1:" + gateway.port()))
                // The /v2 REST API of this process sits behind the hub's authentication; gRPC is in-process only.
                .preferRestOverGrpc(false)
                .defaultRequestTimeout(properties.requestTimeout())
                .build();
    }

    /** Camunda 8: every address from {@code weft.camunda.*}, OAuth when a client id is given. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "weft.engine", name = "mode", havingValue = "camunda")
    CamundaClient camundaClusterClient(CamundaClientProperties properties) {
        if (properties.grpcAddress() == null || properties.restAddress() == null) {
            throw new IllegalStateException("weft.engine.mode=camunda needs weft.camunda.grpc-address and "
                    + "weft.camunda.rest-address (env WEFT_CAMUNDA_GRPCADDRESS, WEFT_CAMUNDA_RESTADDRESS)");
        }
        CamundaClientBuilder builder = CamundaClient.newClientBuilder()
                .applyEnvironmentVariableOverrides(false)
                .grpcAddress(properties.grpcAddress())
                .restAddress(properties.restAddress())
                .preferRestOverGrpc(false)
                .defaultRequestTimeout(properties.requestTimeout());
        if (properties.oauth()) {
            if (properties.authorizationServerUrl() == null) {
                throw new IllegalStateException("weft.camunda.client-id is set but weft.camunda.authorization-server-url is not");
            }
            builder.credentialsProvider(CredentialsProvider.newCredentialsProviderBuilder()
                    .clientId(properties.clientId())
                    .clientSecret(properties.clientSecret())
                    .audience(properties.audience())
                    .authorizationServerUrl(properties.authorizationServerUrl().toString())
                    .build());
        }
        return builder.build();
    }

    /**
     * Streamed {@code weft.llm} deltas go to the run trace: Redis channel {@code weft:run:<processInstanceKey>:tokens},
     * which the designer's SSE stream subscribes to. Only when Redis is configured; never blocks a worker.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(TokenSink.class)
    @ConditionalOnExpression("!'${spring.data.redis.url:}'.isBlank()")
    RedisTokenSink runTraceTokenSink(@Value("${spring.data.redis.url}") String redisUrl) {
        return new RedisTokenSink(URI.create(redisUrl), RedisTokenSink.DEFAULT_CAPACITY);
    }

    /**
     * Weft's AI layer on the hub's database; Redis (when configured) holds the shared exact-match answer cache,
     * and streamed tokens go to the token sink when there is one.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    WeftAi weftAi(DataSource dataSource, @Value("${spring.data.redis.url:}") String redisUrl,
                  ObjectProvider<TokenSink> tokens) {
        return new WeftAi(new WeftAi.Config(dataSource, redisUrl.isBlank() ? null : URI.create(redisUrl), null, null,
                null, tokens.getIfAvailable()));
    }

    /** The built-in job types served from this process; off when there is no engine to take jobs from. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnExpression("${weft.workers.enabled:true} and !'${weft.engine.mode:embedded}'.equalsIgnoreCase('off')")
    WeftWorkers weftWorkers(CamundaClient client, WeftAi ai, WorkersProperties properties) {
        return WeftWorkers.open(client, ai.steps(properties.httpAllowHosts()),
                new WeftWorkers.Options(properties.maxJobsActive(), properties.jobTimeout(), properties.streamEnabled()));
    }
}
