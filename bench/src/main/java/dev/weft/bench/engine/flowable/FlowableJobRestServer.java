package dev.weft.bench.engine.flowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.flowable.common.rest.exception.BaseExceptionHandlerAdvice;
import org.flowable.engine.ManagementService;
import org.flowable.external.job.rest.service.api.ExternalJobRestResponseFactory;
import org.flowable.external.job.rest.service.api.acquire.ExternalWorkerAcquireJobResource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Flowable's own external worker REST API ({@code flowable-external-job-rest}: acquire, complete, fail, BPMN error)
 * served over HTTP on a loopback port by a minimal Spring Boot web application, the way Flowable's REST application
 * mounts it under {@code /external-job-api}. Only the web stack is auto-configured; nothing else of the bench's
 * classpath is picked up.
 */
public final class FlowableJobRestServer implements AutoCloseable {

    /** Servlet path of the API, as in Flowable's REST application. */
    public static final String BASE_PATH = "/external-job-api";

    /** Tomcat request threads: every acquire and complete holds one and a pool connection while it runs. */
    public static final int REQUEST_THREADS = 16;

    private final ConfigurableApplicationContext context;
    private final int port;

    private FlowableJobRestServer(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    /** Starts the server on an ephemeral loopback port, serving {@code managementService}'s external worker jobs. */
    public static FlowableJobRestServer start(ManagementService managementService) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Api.class)
                .web(WebApplicationType.SERVLET)
                .properties(Map.of(
                        "server.address", "127.0.0.1",
                        "server.port", "0",
                        "spring.mvc.servlet.path", BASE_PATH,
                        "spring.main.banner-mode", "off",
                        "spring.main.log-startup-info", "false",
                        // The benchmark prints a table; engine and server chatter would bury it. Errors still show.
                        "logging.level.root", "WARN",
                        "server.tomcat.threads.max", String.valueOf(REQUEST_THREADS)))
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("managementService", managementService))
                .run();
        int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        return new FlowableJobRestServer(context, port);
    }

    /** Base URL of the API, e.g. {@code http://127.0.0.1:41234/external-job-api}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + BASE_PATH;
    }

    @Override
    public void close() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
    @Import({ExternalWorkerAcquireJobResource.class, BaseExceptionHandlerAdvice.class})
    static class Api {

        @Bean
        ExternalJobRestResponseFactory externalJobRestResponseFactory(ObjectMapper objectMapper) {
            return new ExternalJobRestResponseFactory(objectMapper, List.of());
        }
    }
}
