package dev.weft.testsupport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.PulsarContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The Docker path: the same services as {@code ./weft services up}, as Testcontainers, started once per JVM
 * and left to Testcontainers' reaper to remove. Used only when no service environment is set and a Docker
 * engine answers; the image tags match docker-compose.yml.
 */
final class ContainerServices {

    static final String POSTGRES_IMAGE = "pgvector/pgvector:pg15";
    static final String REDIS_IMAGE = "redis:7";
    static final String PULSAR_IMAGE = "apachepulsar/pulsar:4.0.7";
    static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:26.7.3";

    private ContainerServices() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // containers live for the JVM; Testcontainers' reaper removes them
    static ServiceEndpoints start() {
        var postgres = new PostgreSQLContainer<>(DockerImageName.parse(POSTGRES_IMAGE).asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("weft").withUsername("weft").withPassword("weft");
        var redis = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE)).withExposedPorts(6379);
        var pulsar = new PulsarContainer(DockerImageName.parse(PULSAR_IMAGE));
        var keycloak = new GenericContainer<>(DockerImageName.parse(KEYCLOAK_IMAGE))
                .withExposedPorts(8080)
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")
                .withCommand("start-dev", "--import-realm", "--cache=local")
                .withCopyFileToContainer(MountableFile.forHostPath(realmFile()), "/opt/keycloak/data/import/weft-realm.json")
                .waitingFor(Wait.forHttp("/realms/weft/.well-known/openid-configuration").withStartupTimeout(Duration.ofMinutes(3)));
        postgres.start();
        redis.start();
        pulsar.start();
        keycloak.start();
        return new ServiceEndpoints(
                postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                URI.create("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379)),
                URI.create(pulsar.getPulsarBrokerUrl()),
                URI.create(pulsar.getHttpServiceUrl()),
                URI.create("http://" + keycloak.getHost() + ":" + keycloak.getMappedPort(8080)),
                "testcontainers");
    }

    /** The realm file shared with ./weft and docker-compose, found from any module's working directory. */
    private static Path realmFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("services/keycloak/weft-realm.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("services/keycloak/weft-realm.json not found above " + Path.of("").toAbsolutePath());
    }
}
