package dev.weft.engine.standalone;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Weft engine on its own ({@code java -jar weft-engine-<version>-standalone.jar}): applies the Weft migrations,
 * then serves the Zeebe gateway on gRPC port 26500 and the Camunda {@code /v2} REST subset on port 8089.
 *
 * <p>Everything is wired by {@link dev.weft.engine.gateway.boot.WeftEngineAutoConfiguration}; this class only sets
 * the standalone defaults. The database comes from {@code WEFT_DB_URL}, {@code WEFT_DB_USER} and
 * {@code WEFT_DB_PASSWORD} (what {@code ./weft services up} writes), or from the usual
 * {@code spring.datasource.*} settings, which win.
 */
@SpringBootApplication
public class EngineApplication {

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the standalone engine; arguments override the defaults like on the command line. */
    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(EngineApplication.class)
                .properties(defaults())
                .run(args);
    }

    /** Defaults only: command line, environment and config files override each of them. */
    static Map<String, Object> defaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.application.name", "weft-engine");
        defaults.put("server.port", "${WEFT_ENGINE_REST_PORT:8089}");
        defaults.put("spring.datasource.url", "${WEFT_DB_URL:jdbc:postgresql://127.0.0.1:5432/weft}");
        defaults.put("spring.datasource.username", "${WEFT_DB_USER:weft}");
        defaults.put("spring.datasource.password", "${WEFT_DB_PASSWORD:weft}");
        // One connection per processing thread plus room for queries, long polls and the scheduler.
        defaults.put("spring.datasource.hikari.maximum-pool-size", "10");
        // The engine applies the Weft migration stream itself (WeftMigrations, same settings everywhere).
        defaults.put("spring.flyway.enabled", "false");
        defaults.put("weft.engine.migrate", "true");
        defaults.put("weft.engine.grpc.port", "${WEFT_ENGINE_GRPC_PORT:26500}");
        // Deployments arrive as multipart uploads; allow what the engine accepts.
        defaults.put("spring.servlet.multipart.max-file-size", "${weft.engine.max-resource-size:4MB}");
        defaults.put("spring.servlet.multipart.max-request-size", "16MB");
        // Long polls and create-with-result hold requests open; the controllers set their own timeouts.
        defaults.put("spring.mvc.async.request-timeout", "-1");
        return defaults;
    }
}
