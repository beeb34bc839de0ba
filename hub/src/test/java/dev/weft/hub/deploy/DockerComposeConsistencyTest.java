package dev.weft.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine exists on the build machines, so docker-compose.yml is checked by reading it: its services,
 * ports, credentials, realm file and image tags must agree with what the hub reads (application.yml), with
 * {@code ./weft services up}'s defaults and with the images test-support starts when Docker is there.
 */
class DockerComposeConsistencyTest {

    /** The port each image listens on inside its container (from the images' documentation). */
    private static final Map<String, List<Integer>> CONTAINER_PORTS = Map.of(
            "postgres", List.of(5432),
            "redis", List.of(6379),
            "pulsar", List.of(6650, 8080),
            "keycloak", List.of(8080));

    /** Each address variable of the hub: the compose service it must name and the port inside the network. */
    private record Address(String service, int containerPort) {
    }

    private static final Map<String, Address> ADDRESSES = Map.of(
            "WEFT_DB_URL", new Address("postgres", 5432),
            "WEFT_REDIS_URL", new Address("redis", 6379),
            "WEFT_PULSAR_URL", new Address("pulsar", 6650),
            "WEFT_PULSAR_ADMIN_URL", new Address("pulsar", 8080),
            "WEFT_KEYCLOAK_URL", new Address("keycloak", 8080));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(WEFT_[A-Z0-9_]+)(?::([^}]*))?}");

    private static Path root;
    private static Map<String, Object> services;
    private static Map<String, String> hubVariables;

    @BeforeAll
    static void readFiles() throws IOException {
        root = repositoryRoot();
        Map<String, Object> compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
        services = map(compose.get("services"), "services");
        try (InputStream in = DockerComposeConsistencyTest.class.getResourceAsStream("/application.yml")) {
            assertThat(in).as("the hub's application.yml on the classpath").isNotNull();
            hubVariables = placeholders(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void definesTheFourServicesAndWeft() {
        assertThat(services).containsKeys("postgres", "redis", "pulsar", "keycloak", "weft");
        assertThat(dependsOn(service("weft"))).containsAll(CONTAINER_PORTS.keySet());
    }

    @Test
    void imageTagsAreTheOnesTestSupportStarts() throws Exception {
        assertThat(service("postgres").get("image")).isEqualTo(containerImage("POSTGRES_IMAGE"));
        assertThat(service("redis").get("image")).isEqualTo(containerImage("REDIS_IMAGE"));
        assertThat(service("pulsar").get("image")).isEqualTo(containerImage("PULSAR_IMAGE"));
        assertThat(service("keycloak").get("image")).isEqualTo(containerImage("KEYCLOAK_IMAGE"));
    }

    @Test
    void theWeftServiceSetsEveryVariableTheHubReads() {
        assertThat(hubVariables).as("WEFT_* placeholders in application.yml")
                .containsKeys("WEFT_DB_URL", "WEFT_DB_USER", "WEFT_DB_PASSWORD", "WEFT_REDIS_URL", "WEFT_PULSAR_URL",
                        "WEFT_PULSAR_ADMIN_URL", "WEFT_KEYCLOAK_URL", "WEFT_HUB_PORT");
        Map<String, String> env = environment(service("weft"));
        assertThat(env).as("environment of service weft").containsKeys(hubVariables.keySet().toArray(String[]::new));
        for (String name : hubVariables.keySet()) {
            assertThat(env.get(name)).as(name).isNotBlank();
        }
    }

    @Test
    void databaseCredentialsMatchThePostgresService() {
        Map<String, String> weft = environment(service("weft"));
        Map<String, String> postgres = environment(service("postgres"));

        assertThat(weft.get("WEFT_DB_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(weft.get("WEFT_DB_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        URI url = jdbcUri(weft.get("WEFT_DB_URL"));
        assertThat(url.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
        // The local defaults are the same credentials, so a user switching between both needs no new settings.
        assertThat(hubVariables.get("WEFT_DB_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(hubVariables.get("WEFT_DB_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        assertThat(jdbcUri(hubVariables.get("WEFT_DB_URL")).getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
    }

    @Test
    void everyAddressPointsAtItsServiceOnAPortThatServiceListensOn() {
        Map<String, String> env = environment(service("weft"));
        ADDRESSES.forEach((variable, expected) -> {
            URI compose = address(env.get(variable));
            assertThat(compose.getHost()).as(variable + " host").isEqualTo(expected.service());
            String localDefault = hubVariables.get(variable);
            // WEFT_KEYCLOAK_URL has no default (blank = no Keycloak); the others must use the same scheme.
            List<Integer> allowedPorts = new ArrayList<>(List.of(expected.containerPort()));
            if (!localDefault.isBlank()) {
                URI local = address(localDefault);
                assertThat(compose.getScheme()).as(variable + " scheme").isEqualTo(local.getScheme());
                allowedPorts.add(local.getPort());
            }
            // Either the port the image listens on inside the network, or the same port as the local default.
            assertThat(allowedPorts).as(variable + " = " + env.get(variable)).contains(compose.getPort());
        });
    }

    @Test
    void publishedPortsAreTheLocalDefaults() {
        // What a user's browser and tools reach from the host: Keycloak at the same address as locally,
        // and the hub on its default port.
        // 18080 is where ./weft services up runs Keycloak (WEFT_KEYCLOAK_URL in .weft/services.env).
        assertThat(publishedPorts(service("keycloak"))).containsEntry(18080, 8080);
        int hubPort = Integer.parseInt(hubVariables.get("WEFT_HUB_PORT"));
        assertThat(Integer.parseInt(environment(service("weft")).get("WEFT_HUB_PORT"))).isEqualTo(hubPort);
        assertThat(publishedPorts(service("weft"))).containsEntry(hubPort, hubPort);
        for (String name : List.of("postgres", "redis", "pulsar")) {
            publishedPorts(service(name)).forEach((host, container) ->
                    assertThat(CONTAINER_PORTS.get(name)).as(name + " publishes a port it listens on").contains(container));
        }
    }

    @Test
    void tokensFromTheHostAreAcceptedByTheHubInTheNetwork() {
        // Keycloak stamps the published address into every token, and answers the hub's back-channel calls
        // (keys, discovery) at whatever host the hub used; the hub accepts that issuer although it reaches
        // Keycloak as keycloak:8080.
        Map<String, String> keycloak = environment(service("keycloak"));
        assertThat(keycloak).containsEntry("KC_HOSTNAME", "http://localhost:18080")
                .containsEntry("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true");
        URI hostname = URI.create(keycloak.get("KC_HOSTNAME"));
        assertThat(publishedPorts(service("keycloak"))).containsEntry(hostname.getPort(), 8080);
        Map<String, String> weft = environment(service("weft"));
        assertThat(weft.get("WEFT_KEYCLOAK_ISSUER")).isEqualTo(keycloak.get("KC_HOSTNAME") + "/realms/weft");
    }

    @Test
    void theWeftServicePublishesTheEngineGateway() {
        // The embedded engine's gRPC gateway (weft.engine.grpc.port, default 26500 in application.yml).
        assertThat(publishedPorts(service("weft"))).containsEntry(26500, 26500);
        assertThat(environment(service("weft"))).doesNotContainKey("WEFT_ENGINE_GRPC_PORT");
    }

    @Test
    void keycloakImportsTheRealmFileOfTheRepository() throws IOException {
        Map<String, Object> keycloak = service("keycloak");
        assertThat(String.valueOf(keycloak.get("command"))).contains("--import-realm");
        List<String> volumes = strings(keycloak.get("volumes"));
        assertThat(volumes).anySatisfy(volume -> {
            String[] parts = volume.split(":");
            assertThat(Path.of(parts[0]).normalize()).isEqualTo(Path.of("services/keycloak/weft-realm.json"));
            assertThat(parts[1]).startsWith("/opt/keycloak/data/import/").endsWith(".json");
        });
        assertThat(root.resolve("services/keycloak/weft-realm.json")).isRegularFile();
    }

    @Test
    void theRealmFileDefinesRealmRolesUsersAndClients() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(root.resolve("services/keycloak/weft-realm.json").toFile());
        List<String> roles = List.of("admin", "designer", "developer", "operator", "viewer");

        assertThat(realm.path("realm").asText()).isEqualTo("weft");
        assertThat(texts(realm.path("roles").path("realm"), "name")).containsAll(roles);
        for (String role : roles) {
            JsonNode user = find(realm.path("users"), "username", role);
            assertThat(user).as("user " + role).isNotNull();
            assertThat(texts(user.path("realmRoles"), null)).as("roles of user " + role).contains(role);
        }

        JsonNode service = find(realm.path("clients"), "clientId", "weft-service");
        assertThat(service).as("client weft-service").isNotNull();
        assertThat(service.path("publicClient").asBoolean()).isFalse();
        assertThat(service.path("secret").asText()).isEqualTo("weft-service-secret");
        assertThat(service.path("serviceAccountsEnabled").asBoolean()).isTrue();
        JsonNode serviceAccount = find(realm.path("users"), "serviceAccountClientId", "weft-service");
        assertThat(serviceAccount).as("service account user of weft-service").isNotNull();
        assertThat(texts(serviceAccount.path("realmRoles"), null)).contains("admin");

        JsonNode designer = find(realm.path("clients"), "clientId", "weft-designer");
        assertThat(designer).as("client weft-designer").isNotNull();
        assertThat(designer.path("publicClient").asBoolean()).isTrue();
        assertThat(designer.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");

        // The hub only accepts tokens addressed to it (weft.keycloak.audience defaults to weft-hub).
        for (JsonNode client : List.of(service, designer)) {
            assertThat(StreamSupport.stream(client.path("protocolMappers").spliterator(), false)
                    .map(m -> m.path("config").path("included.custom.audience").asText()))
                    .as("audience mapper of " + client.path("clientId").asText()).contains("weft-hub");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Map<String, Object> service(String name) {
        return map(services.get(name), "services." + name);
    }

    /** The WEFT_* variables the hub reads, with their defaults ("" when none). */
    static Map<String, String> placeholders(String applicationYml) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = PLACEHOLDER.matcher(applicationYml);
        while (m.find()) {
            found.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        return found;
    }

    /** Compose allows the environment as a map or as a list of NAME=value. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            for (Object entry : list) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return result;
    }

    private static List<String> dependsOn(Map<String, Object> service) {
        Object deps = service.get("depends_on");
        if (deps instanceof Map<?, ?> m) {
            return m.keySet().stream().map(String::valueOf).toList();
        }
        return strings(deps);
    }

    /** host port -> container port, from short-form "host:container" entries. */
    private static Map<Integer, Integer> publishedPorts(Map<String, Object> service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (String entry : strings(service.get("ports"))) {
            String[] parts = entry.replaceAll("/(tcp|udp)$", "").split(":");
            int container = Integer.parseInt(parts[parts.length - 1]);
            int host = parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : container;
            ports.put(host, container);
        }
        return ports;
    }

    private static URI address(String url) {
        return url.startsWith("jdbc:") ? jdbcUri(url) : URI.create(url);
    }

    private static URI jdbcUri(String jdbcUrl) {
        assertThat(jdbcUrl).startsWith("jdbc:postgresql://");
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    private static String containerImage(String constant) throws ReflectiveOperationException {
        // ContainerServices is package-private in test-support; its constants are the single source of the tags.
        Field field = Class.forName("dev.weft.testsupport.ContainerServices").getDeclaredField(constant);
        field.setAccessible(true);
        return (String) field.get(null);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asText())) {
                return node;
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> result = new ArrayList<>();
        array.forEach(node -> result.add(field == null ? node.asText() : node.path(field).asText()));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as(what + " in docker-compose.yml").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("docker-compose.yml not found in " + Path.of("").toAbsolutePath()
                + " or any parent directory");
    }
}
