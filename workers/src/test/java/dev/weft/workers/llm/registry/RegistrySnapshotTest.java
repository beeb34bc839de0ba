package dev.weft.workers.llm.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.workers.testing.PooledTestDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-memory registry of {@link ModelRegistry#cached}: two instances on one database stand for two replicas.
 * A writer reads its own writes at once; the other replica follows through {@code llm.registry_version}, whoever
 * made the change (the Java API or plain SQL).
 */
class RegistrySnapshotTest {

    private static HikariDataSource ds;
    private static ModelRegistry replicaA;
    private static ModelRegistry replicaB;

    @BeforeAll
    static void database() {
        ds = PooledTestDatabase.create("workers_registry_snapshot");
        replicaA = ModelRegistry.cached(ds, Duration.ofMillis(50));
        replicaB = ModelRegistry.cached(ds, Duration.ofMillis(50));
        replicaA.putProvider(ProviderSpec.of("p", ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), null));
        replicaA.putModel(ModelSpec.chat("p/small", "p", "small", 4096));
        replicaA.putModel(ModelSpec.chat("p/large", "p", "large", 128_000));
    }

    @AfterAll
    static void close() {
        replicaA.close();
        replicaB.close();
        ds.close();
    }

    @Test
    void aRouteEditReachesTheWriterAtOnceAndTheOtherReplicaByTheVersionCounter() {
        replicaA.putRoute(RouteSpec.of("chat", List.of(new RouteSpec.Target("p/small", 1)), List.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> replicaB.route("chat").isPresent());
        long before = replicaB.cachedVersion();

        replicaA.putRoute(RouteSpec.of("chat", List.of(new RouteSpec.Target("p/large", 1)), List.of()));

        assertThat(replicaA.route("chat").orElseThrow().targets()).extracting(RouteSpec.Target::modelId)
                .containsExactly("p/large");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(replicaB.route("chat").orElseThrow().targets()).extracting(RouteSpec.Target::modelId)
                        .containsExactly("p/large"));
        assertThat(replicaB.cachedVersion()).isGreaterThan(before);

        replicaA.deleteRoute("chat");
        assertThat(replicaA.route("chat")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(replicaB.route("chat")).isEmpty());
    }

    @Test
    void aChangeMadeWithPlainSqlIsNoticedToo() throws SQLException {
        assertThat(replicaB.model("p/small").orElseThrow().enabled()).isTrue();

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE llm.model SET enabled = false WHERE id = 'p/small'");
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(replicaA.model("p/small").orElseThrow().enabled()).isFalse();
            assertThat(replicaB.model("p/small").orElseThrow().enabled()).isFalse();
        });
        replicaA.putModel(ModelSpec.chat("p/small", "p", "small", 4096));
        assertThat(replicaA.model("p/small").orElseThrow().enabled()).isTrue();
    }

    @Test
    void anInvalidWriteLeavesTheSnapshotAsItWas() {
        replicaA.putRoute(RouteSpec.of("keep", List.of(new RouteSpec.Target("p/small", 1)), List.of()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replicaA.putRoute(
                        RouteSpec.of("keep", List.of(new RouteSpec.Target("p/missing", 1)), List.of())))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("targets[0].modelId");

        assertThat(replicaA.route("keep").orElseThrow().targets()).extracting(RouteSpec.Target::modelId)
                .containsExactly("p/small");
    }
}
