package dev.weft.workers.llm.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import dev.weft.testsupport.llm.FakeOpenAiServer;
import dev.weft.testsupport.llm.FakeReply;
import dev.weft.workers.llm.provider.ProviderHttp;
import dev.weft.workers.llm.registry.Deployment;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderClients;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.secret.CredentialResolver;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProberTest {

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final MutableClock clock = new MutableClock();
    private final CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Settings(2, Duration.ofSeconds(30)));
    private DataSource ds;
    private ModelRegistry registry;
    private HealthStore store;
    private HealthProber prober;

    @BeforeEach
    void setUp() {
        ds = TestDatabases.create("workers_probe").dataSource();
        WeftMigrations.migrate(ds);
        registry = new ModelRegistry(ds);
        registry.putProvider(ProviderSpec.of("fake", ProviderKind.OPENAI, server.baseUrl(), null));
        store = new HealthStore(ds, breaker, clock);
        prober = new HealthProber(registry, clients(), store);
    }

    private static ProviderClients clients() {
        return new ProviderClients(ProviderHttp.defaults(), new CredentialResolver(Map.<String, String>of()::get, () -> null));
    }

    @AfterEach
    void stop() {
        prober.close();
        server.close();
    }

    @Test
    void probesDueModelsOnceAcrossReplicasAndRecordsTheResult() {
        registry.putModel(ModelSpec.chat("fake/a", "fake", "a", 4096).withProbe(Duration.ofSeconds(60), Duration.ofSeconds(5)));
        HealthProber otherReplica = new HealthProber(registry, clients(), new HealthStore(ds, breaker, clock));

        assertThat(prober.probeDue()).containsExactly("fake/a");
        assertThat(otherReplica.probeDue()).as("not due again yet").isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(otherReplica.probeDue()).containsExactly("fake/a");

        assertThat(server.requests(FakeOpenAiServer.MODELS)).hasSize(2);
        ModelHealth h = store.read("fake/a");
        assertThat(h.lastProbeOk()).isTrue();
        assertThat(h.lastProbeAt()).isEqualTo(clock.instant());
    }

    @Test
    void eachModelsProbeHasItsOwnTimeout() {
        server.enqueueFor(FakeOpenAiServer.MODELS, FakeReply.text("").withDelay(Duration.ofSeconds(2)),
                FakeReply.text("").withDelay(Duration.ofSeconds(2)));

        registry.putModel(ModelSpec.chat("fake/strict", "fake", "strict", 4096).withProbe(Duration.ofSeconds(60), Duration.ofSeconds(1)));
        prober.probeDue();
        registry.putModel(ModelSpec.chat("fake/patient", "fake", "patient", 4096).withProbe(Duration.ofSeconds(60), Duration.ofSeconds(10)));
        prober.probeDue();

        assertThat(store.read("fake/strict").lastProbeOk()).isFalse();
        assertThat(store.read("fake/strict").breaker().consecutiveFailures()).isEqualTo(1);
        assertThat(store.read("fake/patient").lastProbeOk()).isTrue();
        assertThat(server.requests(FakeOpenAiServer.MODELS)).hasSize(2);
    }

    @Test
    void failingProbesOpenTheBreakerAndASuccessfulOneStartsTheTrial() {
        registry.putModel(ModelSpec.chat("fake/b", "fake", "b", 4096).withProbe(Duration.ofSeconds(10), Duration.ofSeconds(5)));
        server.enqueueFor(FakeOpenAiServer.MODELS, FakeReply.serverError(), FakeReply.serverError());

        prober.probeDue();
        clock.advance(Duration.ofSeconds(11));
        prober.probeDue();
        assertThat(store.read("fake/b").breaker().state()).isEqualTo(BreakerState.OPEN);
        assertThat(store.read("fake/b").lastProbeOk()).isFalse();

        clock.advance(Duration.ofSeconds(11));
        prober.probeDue();

        assertThat(store.read("fake/b").breaker().state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void toleratesAServerlessColdStartForItsGracePeriodOnly() {
        registry.putModel(ModelSpec.chat("fake/sl", "fake", "sl", 4096)
                .withDeployment(Deployment.SERVERLESS_GPU, Duration.ofSeconds(120))
                .withProbe(Duration.ofSeconds(30), Duration.ofSeconds(5)));
        server.enqueueFor(FakeOpenAiServer.MODELS, FakeReply.status(503, "server_error", "loading"),
                FakeReply.status(503, "server_error", "loading"), FakeReply.status(503, "server_error", "loading"),
                FakeReply.status(503, "server_error", "loading"), FakeReply.status(503, "server_error", "loading"),
                FakeReply.status(503, "server_error", "loading"));

        for (int i = 0; i < 4; i++) { // 0 s, 31 s, 62 s, 93 s: inside the 120 s grace
            prober.probeDue();
            clock.advance(Duration.ofSeconds(31));
        }
        ModelHealth warming = store.read("fake/sl");
        assertThat(warming.breaker().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(warming.breaker().consecutiveFailures()).isZero();
        assertThat(warming.warmingSince()).isNotNull();

        prober.probeDue(); // 124 s: past the grace, now it counts
        clock.advance(Duration.ofSeconds(31));
        prober.probeDue();

        assertThat(store.read("fake/sl").breaker().state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void aPublicApiGetsNoColdStartTolerance() {
        registry.putModel(ModelSpec.chat("fake/pub", "fake", "pub", 4096)
                .withDeployment(Deployment.PUBLIC_API, Duration.ofSeconds(120))
                .withProbe(Duration.ofSeconds(30), Duration.ofSeconds(5)));
        server.enqueueFor(FakeOpenAiServer.MODELS, FakeReply.status(503, "server_error", "down"));

        prober.probeDue();

        assertThat(store.read("fake/pub").breaker().consecutiveFailures()).isEqualTo(1);
        assertThat(store.read("fake/pub").warmingSince()).isNull();
    }

    @Test
    void skipsDisabledModels() {
        registry.putModel(ModelSpec.chat("fake/off", "fake", "off", 4096).withEnabled(false));

        assertThat(prober.probeDue()).doesNotContain("fake/off");
    }
}
