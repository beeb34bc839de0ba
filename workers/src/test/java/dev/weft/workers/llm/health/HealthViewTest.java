package dev.weft.workers.llm.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.testing.PooledTestDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Health with an in-memory view ({@link HealthStore#withView}): two stores on one database stand for two
 * replicas. Breakers still open across replicas; successes are counted in memory and still reach the database.
 */
class HealthViewTest {

    private static HikariDataSource ds;
    private static ModelRegistry registry;
    private final MutableClock clock = new MutableClock();
    private final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(2, Duration.ofSeconds(30)));
    // A refresh period far beyond the test for A: it only sees others' changes when told to refresh.
    private final HealthStore replicaA = HealthStore.withView(ds, breaker, clock, Duration.ofHours(1));
    private final HealthStore replicaB = HealthStore.withView(ds, breaker, clock, Duration.ofMillis(50));

    @BeforeAll
    static void database() {
        ds = PooledTestDatabase.create("workers_health_view");
        registry = new ModelRegistry(ds);
        registry.putProvider(ProviderSpec.of("p", ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), null));
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @AfterEach
    void closeStores() {
        replicaA.close();
        replicaB.close();
    }

    private static String newModel() {
        String id = "p/m-" + UUID.randomUUID().toString().substring(0, 8);
        registry.putModel(ModelSpec.chat(id, "p", "m", 4096));
        return id;
    }

    @Test
    void successesAreCountedInMemoryAndWrittenBeforeAnyRead() {
        String m = newModel();
        assertThat(replicaA.current(m).calls()).isZero(); // loads the view

        replicaA.recordSuccess(m, 100);
        replicaA.recordSuccess(m, 200);
        replicaA.recordAnswered(m);

        ModelHealth h = replicaA.read(m);
        assertThat(h.calls()).isEqualTo(3);
        assertThat(h.failures()).isZero();
        // Samples folded in order: 100, then 0.2 * 200 + 0.8 * 100; the answered call has no latency.
        assertThat(h.latencyEwmaMs()).isEqualTo(120.0);
        assertThat(h.breaker().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void aBreakerOpenedByOneReplicaIsSkippedByTheOtherAfterItsRefresh() {
        String m = newModel();
        assertThat(replicaA.current(m).breaker().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(replicaB.current(m).breaker().state()).isEqualTo(BreakerState.CLOSED);

        replicaA.recordFailure(m, "server_error", "500");
        replicaA.recordFailure(m, "server_error", "500");

        // The replica that saw the failures knows at once, without a refresh.
        assertThat(replicaA.current(m).breaker().state()).isEqualTo(BreakerState.OPEN);
        assertThat(replicaA.admit(m, Duration.ofSeconds(10))).isFalse();
        // The other one within its refresh period.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(replicaB.current(m).routable(breaker, clock.instant())).isFalse());
        assertThat(replicaB.admit(m, Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void successesCountedBeforeAFailureDoNotResetIt() {
        String m = newModel();
        replicaA.current(m);
        replicaA.recordSuccess(m, 50);

        replicaA.recordFailure(m, "timeout", "slow");

        ModelHealth h = replicaA.read(m);
        assertThat(h.calls()).isEqualTo(2);
        assertThat(h.breaker().consecutiveFailures()).isEqualTo(1);
        // With a failure to reset, the next success goes to the database at once (not deferred).
        replicaA.recordSuccess(m, 50);
        assertThat(replicaB.read(m).breaker().consecutiveFailures()).isZero();
    }

    @Test
    void manySuccessesBetweenRefreshesAllCountAndTheAverageFollowsTheNewest() {
        String m = newModel();
        replicaA.current(m);
        for (int i = 0; i < HealthStore.MAX_PENDING_LATENCIES + 100; i++) {
            replicaA.recordSuccess(m, i < 100 ? 10_000 : 40);
        }

        ModelHealth h = replicaA.read(m);
        assertThat(h.calls()).isEqualTo(HealthStore.MAX_PENDING_LATENCIES + 100);
        // Only the newest samples are kept in memory; the 100 slow ones left no trace worth 1e-20 ms.
        assertThat(h.latencyEwmaMs()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.errorRateEwma()).isZero();
    }

    @Test
    void closingAStoreWritesTheSamplesItHolds() {
        String m = newModel();
        HealthStore store = HealthStore.withView(ds, breaker, clock, Duration.ofHours(1));
        store.current(m);
        store.recordSuccess(m, 10);

        store.close();

        assertThat(new HealthStore(ds, breaker, clock).read(m).calls()).isEqualTo(1);
    }
}
