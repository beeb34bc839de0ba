package dev.weft.workers.llm.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthStoreTest {

    private static DataSource ds;
    private static ModelRegistry registry;
    private final MutableClock clock = new MutableClock();
    private final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(2, Duration.ofSeconds(30)));
    // Two stores on one database stand for two replicas.
    private final HealthStore replicaA = new HealthStore(ds, breaker, clock);
    private final HealthStore replicaB = new HealthStore(ds, breaker, clock);

    @BeforeAll
    static void database() {
        ds = TestDatabases.create("workers_health").dataSource();
        WeftMigrations.migrate(ds);
        registry = new ModelRegistry(ds);
        registry.putProvider(ProviderSpec.of("p", ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), null));
    }

    private static String newModel() {
        String id = "p/m-" + UUID.randomUUID().toString().substring(0, 8);
        registry.putModel(ModelSpec.chat(id, "p", "m", 4096));
        return id;
    }

    @Test
    void failuresReportedByDifferentReplicasOpenTheSharedBreaker() {
        String m = newModel();

        replicaA.recordFailure(m, "server_error", "500");
        replicaB.recordFailure(m, "timeout", "slow");

        ModelHealth h = replicaA.read(m);
        assertThat(h.breaker().state()).isEqualTo(BreakerState.OPEN);
        assertThat(h.failures()).isEqualTo(2);
        assertThat(h.lastError()).startsWith("timeout");
        assertThat(replicaA.admit(m, Duration.ofSeconds(10))).isFalse();
        assertThat(h.routable(breaker, clock.instant())).isFalse();
    }

    @Test
    void afterTheCooldownExactlyOneReplicaGetsTheHalfOpenTrial() {
        String m = newModel();
        replicaA.recordFailure(m, "server_error", "500");
        replicaA.recordFailure(m, "server_error", "500");
        clock.advance(Duration.ofSeconds(31));

        assertThat(replicaA.read(m).routable(breaker, clock.instant())).isTrue();
        boolean a = replicaA.admit(m, Duration.ofSeconds(10));
        boolean b = replicaB.admit(m, Duration.ofSeconds(10));

        assertThat(a).isTrue();
        assertThat(b).isFalse();
        assertThat(replicaB.read(m).breaker().state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(replicaB.read(m).routable(breaker, clock.instant())).isFalse();
    }

    @Test
    void aSuccessfulTrialClosesAndAFailedOneReopens() {
        String ok = newModel();
        String bad = newModel();
        for (String m : new String[] {ok, bad}) {
            replicaA.recordFailure(m, "server_error", "500");
            replicaA.recordFailure(m, "server_error", "500");
        }
        clock.advance(Duration.ofSeconds(31));
        replicaA.admit(ok, Duration.ofSeconds(10));
        replicaA.admit(bad, Duration.ofSeconds(10));

        replicaA.recordSuccess(ok, 120);
        replicaA.recordFailure(bad, "server_error", "still 500");

        assertThat(replicaB.read(ok).breaker()).isEqualTo(BreakerStatus.INITIAL);
        assertThat(replicaB.admit(ok, Duration.ofSeconds(10))).isTrue();
        assertThat(replicaB.read(bad).breaker().state()).isEqualTo(BreakerState.OPEN);
        assertThat(replicaB.read(bad).breaker().openedAt()).isEqualTo(clock.instant());
    }

    @Test
    void anExpiredTrialLeaseLetsAnotherReplicaTry() {
        String m = newModel();
        replicaA.recordFailure(m, "connection", "refused");
        replicaA.recordFailure(m, "connection", "refused");
        clock.advance(Duration.ofSeconds(31));
        assertThat(replicaA.admit(m, Duration.ofSeconds(10))).isTrue();

        clock.advance(Duration.ofSeconds(11)); // replica A died mid-trial

        assertThat(replicaB.admit(m, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void keepsMovingAveragesOfErrorsAndLatency() {
        String m = newModel();

        replicaA.recordSuccess(m, 100);
        replicaA.recordSuccess(m, 200);
        replicaA.recordFailure(m, "timeout", "slow");
        replicaA.recordAnswered(m);

        ModelHealth h = replicaA.read(m);
        assertThat(h.latencyEwmaMs()).isCloseTo(0.2 * 200 + 0.8 * 100, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.errorRateEwma()).isCloseTo(0.8 * 0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.calls()).isEqualTo(4);
        assertThat(h.failures()).isEqualTo(1);
        assertThat(h.breaker().consecutiveFailures()).isZero();
    }
}
