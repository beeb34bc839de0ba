package dev.weft.testsupport;

import java.net.URI;

/**
 * Where the real services of a test run live.
 *
 * @param jdbcUrl        PostgreSQL (with pgvector) database that tests may create other databases from
 * @param dbUser         PostgreSQL user; must be allowed to create databases
 * @param dbPassword     PostgreSQL password (never logged)
 * @param redisUrl       {@code redis://host:port}
 * @param pulsarUrl      Pulsar broker, {@code pulsar://host:port}
 * @param pulsarAdminUrl Pulsar admin/web service, {@code http://host:port}
 * @param keycloakUrl    Keycloak base URL (the realm {@code weft} is imported), {@code http://host:port}
 * @param source         where these came from, for messages: {@code "environment"} or {@code "testcontainers"}
 */
public record ServiceEndpoints(
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        URI redisUrl,
        URI pulsarUrl,
        URI pulsarAdminUrl,
        URI keycloakUrl,
        String source) {

    /** Issuer URI of the {@code weft} realm, as Keycloak puts it into tokens. */
    public String keycloakIssuer() {
        return keycloakUrl.toString().replaceAll("/+$", "") + "/realms/weft";
    }

    @Override
    public String toString() {
        // The password stays out of logs and assertion messages.
        return "ServiceEndpoints[db=" + jdbcUrl + ", user=" + dbUser + ", redis=" + redisUrl
                + ", pulsar=" + pulsarUrl + ", pulsarAdmin=" + pulsarAdminUrl + ", keycloak=" + keycloakUrl
                + ", source=" + source + "]";
    }
}
