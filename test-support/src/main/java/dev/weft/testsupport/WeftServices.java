package dev.weft.testsupport;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * The one entry point tests use to find PostgreSQL, Redis, Pulsar and Keycloak.
 *
 * <p>Resolution order:
 * <ol>
 *   <li>The environment that {@code ./weft test} (and {@code ./weft services up}, via
 *       {@code .weft/services.env}) sets: {@code WEFT_DB_URL}, {@code WEFT_DB_USER}, {@code WEFT_DB_PASSWORD},
 *       {@code WEFT_REDIS_URL}, {@code WEFT_PULSAR_URL}, {@code WEFT_PULSAR_ADMIN_URL}, {@code WEFT_KEYCLOAK_URL}.</li>
 *   <li>When {@code WEFT_DB_URL} is absent and a Docker engine answers: Testcontainers, started once per JVM.</li>
 *   <li>Otherwise a clear failure that says how to get services. Tests are never skipped for want of them.</li>
 * </ol>
 */
public final class WeftServices {

    /** Names of the environment variables, shared with the {@code weft} launcher and docker-compose. */
    public static final String DB_URL = "WEFT_DB_URL";
    public static final String DB_USER = "WEFT_DB_USER";
    public static final String DB_PASSWORD = "WEFT_DB_PASSWORD";
    public static final String REDIS_URL = "WEFT_REDIS_URL";
    public static final String PULSAR_URL = "WEFT_PULSAR_URL";
    public static final String PULSAR_ADMIN_URL = "WEFT_PULSAR_ADMIN_URL";
    public static final String KEYCLOAK_URL = "WEFT_KEYCLOAK_URL";

    private static volatile ServiceEndpoints endpoints;

    private WeftServices() {
    }

    /** The services of this test run, resolved once per JVM. */
    public static ServiceEndpoints get() {
        ServiceEndpoints e = endpoints;
        if (e == null) {
            synchronized (WeftServices.class) {
                e = endpoints;
                if (e == null) {
                    e = resolve(System.getenv(), ContainerServices::dockerAvailable, ContainerServices::start);
                    endpoints = e;
                }
            }
        }
        return e;
    }

    static ServiceEndpoints resolve(Map<String, String> env,
                                    java.util.function.BooleanSupplier docker,
                                    java.util.function.Supplier<ServiceEndpoints> containers) {
        String dbUrl = env.get(DB_URL);
        if (dbUrl != null && !dbUrl.isBlank()) {
            Function<String, String> required = name -> {
                String v = env.get(name);
                if (v == null || v.isBlank()) {
                    throw new IllegalStateException(DB_URL + " is set but " + name
                            + " is not. Start the services with './weft services up' and source .weft/services.env,"
                            + " or run the tests through './weft test'.");
                }
                return v;
            };
            return new ServiceEndpoints(
                    dbUrl,
                    required.apply(DB_USER),
                    env.getOrDefault(DB_PASSWORD, ""),
                    URI.create(required.apply(REDIS_URL)),
                    URI.create(required.apply(PULSAR_URL)),
                    URI.create(required.apply(PULSAR_ADMIN_URL)),
                    URI.create(required.apply(KEYCLOAK_URL)),
                    "environment");
        }
        if (docker.getAsBoolean()) {
            return containers.get();
        }
        throw new IllegalStateException("No services for the tests: " + DB_URL
                + " is not set and no Docker engine answers. Run the suite with './weft test',"
                + " or start the services with './weft services up' and 'source .weft/services.env' first.");
    }
}
