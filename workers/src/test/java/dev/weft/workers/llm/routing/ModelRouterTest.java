package dev.weft.workers.llm.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.workers.llm.health.CircuitBreaker;
import dev.weft.workers.llm.health.HealthStore;
import dev.weft.workers.llm.health.MutableClock;
import dev.weft.workers.llm.registry.ModelRegistry;
import dev.weft.workers.llm.registry.ModelSpec;
import dev.weft.workers.llm.registry.ProviderKind;
import dev.weft.workers.llm.registry.ProviderSpec;
import dev.weft.workers.llm.registry.RouteSpec;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import dev.weft.workers.testing.PooledTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelRouterTest {

    private static com.zaxxer.hikari.HikariDataSource ds;
    private static ModelRegistry registry;
    private static HealthStore health;
    private static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void database() {
        ds = PooledTestDatabase.create("workers_router");
        registry = new ModelRegistry(ds);
        health = new HealthStore(ds, new CircuitBreaker(new CircuitBreaker.Settings(1, Duration.ofSeconds(30))), CLOCK);
        registry.putProvider(ProviderSpec.of("p", ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), null));
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    /** Three fresh models a (cheap, small, json), b (pricey, big, json+tools, eu), c (mid, big, vision). */
    private static String[] models() {
        String s = UUID.randomUUID().toString().substring(0, 6);
        String a = "p/a-" + s, b = "p/b-" + s, c = "p/c-" + s;
        registry.putModel(ModelSpec.chat(a, "p", "a", 8_000).withCapabilities("json").withPrices("0.1", "0.4").withTags("fast"));
        registry.putModel(ModelSpec.chat(b, "p", "b", 128_000).withCapabilities("json", "tools").withPrices("3", "15").withTags("eu"));
        registry.putModel(ModelSpec.chat(c, "p", "c", 64_000).withCapabilities("vision").withPrices("1", "2").withTags("eu", "fast"));
        return new String[] {a, b, c};
    }

    private static String route(String[] m, int wa, int wb, int wc, List<RouteSpec.GrayRule> rules) {
        String alias = "r-" + UUID.randomUUID().toString().substring(0, 8);
        registry.putRoute(RouteSpec.of(alias, List.of(new RouteSpec.Target(m[0], wa), new RouteSpec.Target(m[1], wb),
                new RouteSpec.Target(m[2], wc)), List.of(RouteSpec.Fallback.always(m[1]))).withRules(rules));
        return alias;
    }

    @Test
    void splitsTrafficByWeight() {
        String[] m = models();
        String alias = route(m, 3, 1, 0, List.of());
        ModelRouter router = new ModelRouter(registry, health, new Random(42));

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            counts.merge(router.select(SelectionRequest.of(alias)).model().id(), 1, Integer::sum);
        }

        assertThat(counts).doesNotContainKey(m[2]);
        assertThat(counts.get(m[0])).isBetween(260, 340);
        assertThat(counts.get(m[1])).isBetween(60, 140);
    }

    @Test
    void grayRulesWinOverWeights() {
        String[] m = models();
        String alias = route(m, 1, 0, 0, List.of(new RouteSpec.GrayRule("deviceType", "mobile", m[2])));
        ModelRouter router = new ModelRouter(registry, health, new Random(1));

        Selection mobile = router.select(SelectionRequest.of(alias).withCaller("t1", "u1", "mobile"));
        Selection desktop = router.select(SelectionRequest.of(alias).withCaller("t1", "u1", "desktop"));

        assertThat(mobile.model().id()).isEqualTo(m[2]);
        assertThat(mobile.reason()).isEqualTo("gray rule deviceType=mobile");
        assertThat(desktop.model().id()).isEqualTo(m[0]);
    }

    @Test
    void grayRulesMatchTenantAndUserAndAreCheckedInOrder() {
        String[] m = models();
        String alias = route(m, 1, 0, 0, List.of(new RouteSpec.GrayRule("user", "u-beta", m[1]),
                new RouteSpec.GrayRule("tenant", "acme", m[2])));
        ModelRouter router = new ModelRouter(registry, health, new Random(1));

        Selection betaUser = router.select(SelectionRequest.of(alias).withCaller("acme", "u-beta", null));
        Selection acme = router.select(SelectionRequest.of(alias).withCaller("acme", "u-other", null));
        Selection other = router.select(SelectionRequest.of(alias).withCaller("globex", "u-other", null));
        Selection anonymous = router.select(SelectionRequest.of(alias));

        assertThat(betaUser.model().id()).isEqualTo(m[1]);
        assertThat(betaUser.reason()).isEqualTo("gray rule user=u-beta");
        assertThat(acme.model().id()).isEqualTo(m[2]);
        assertThat(acme.reason()).isEqualTo("gray rule tenant=acme");
        assertThat(other.model().id()).isEqualTo(m[0]);
        assertThat(anonymous.model().id()).isEqualTo(m[0]);
    }

    @Test
    void aGrayRuleWhoseModelIsUnhealthyOrUnfitFallsThroughToThePolicy() {
        String[] m = models();
        String alias = route(m, 1, 0, 0, List.of(new RouteSpec.GrayRule("tenant", "acme", m[2])));
        ModelRouter router = new ModelRouter(registry, health, new Random(1));

        Selection visionlessRequest = router.select(SelectionRequest.of(alias).withCaller("acme", null, null)
                .withRequires(Set.of("json")));
        health.recordFailure(m[2], "server_error", "500");
        Selection whileOpen = router.select(SelectionRequest.of(alias).withCaller("acme", null, null));

        assertThat(visionlessRequest.model().id()).isEqualTo(m[0]);
        assertThat(whileOpen.model().id()).isEqualTo(m[0]);
        assertThat(whileOpen.reason()).startsWith("weighted");
    }

    @Test
    void cheapestCapableHonoursCapabilitiesAndContext() {
        String[] m = models();
        String alias = route(m, 1, 1, 1, List.of());
        ModelRouter router = new ModelRouter(registry, health, new Random(1));

        assertThat(router.select(SelectionRequest.of(alias).withPolicy(Policy.CHEAPEST_CAPABLE)).model().id()).isEqualTo(m[0]);
        assertThat(router.select(SelectionRequest.of(alias).withPolicy(Policy.CHEAPEST_CAPABLE)
                .withRequires(Set.of("json")).withMinContext(32_000)).model().id()).isEqualTo(m[1]);
        assertThat(router.select(SelectionRequest.of(alias).withPolicy(Policy.CHEAPEST_CAPABLE)
                .withRequires(Set.of("tools"))).model().id()).isEqualTo(m[1]);
        Selection vision = router.select(SelectionRequest.of(alias).withPolicy(Policy.CHEAPEST_CAPABLE).withRequires(Set.of("vision")));
        assertThat(vision.model().id()).isEqualTo(m[2]);
        assertThat(vision.reason()).startsWith("cheapest capable");
        assertThat(vision.fallbacks()).extracting(RouteSpec.Fallback::modelId).containsExactly(m[1]);
    }

    @Test
    void lowestLatencyUsesLiveMeasurements() {
        String[] m = models();
        String alias = route(m, 1, 1, 1, List.of());
        health.recordSuccess(m[0], 900);
        health.recordSuccess(m[1], 120);
        ModelRouter router = new ModelRouter(registry, health, new Random(1));

        Selection s = router.select(SelectionRequest.of(alias).withPolicy(Policy.LOWEST_LATENCY));

        assertThat(s.model().id()).isEqualTo(m[1]);
        assertThat(s.reason()).contains("120 ms");
    }

    @Test
    void tagsPolicyKeepsOnlyTaggedTargets() {
        String[] m = models();
        String alias = route(m, 1, 1, 1, List.of());
        ModelRouter router = new ModelRouter(registry, health, new Random(1));

        for (int i = 0; i < 20; i++) {
            assertThat(router.select(SelectionRequest.of(alias).withPolicy(Policy.TAGS).withTags(Set.of("eu", "fast")))
                    .model().id()).isEqualTo(m[2]);
        }
    }

    @Test
    void skipsModelsWithAnOpenBreakerAndExplainsWhenNothingIsLeft() {
        String[] m = models();
        String alias = route(m, 1, 0, 0, List.of());
        ModelRouter router = new ModelRouter(registry, health, new Random(1));
        health.recordFailure(m[0], "server_error", "500");

        assertThat(router.select(SelectionRequest.of(alias)).model().id()).isEqualTo(m[1]);
        health.recordFailure(m[1], "server_error", "500");
        health.recordFailure(m[2], "server_error", "500");
        assertThatThrownBy(() -> router.select(SelectionRequest.of(alias)))
                .isInstanceOf(NoModelException.class).hasMessageContaining("open circuit breaker");
        assertThatThrownBy(() -> router.select(SelectionRequest.of(alias).withRequires(Set.of("telepathy"))))
                .isInstanceOf(NoModelException.class).hasMessageContaining("lacks [telepathy]");
    }

    @Test
    void acceptsAModelIdAndRejectsUnknownNames() {
        String[] m = models();
        ModelRouter router = new ModelRouter(registry, health, new Random(1));

        assertThat(router.select(SelectionRequest.of(m[1])).model().id()).isEqualTo(m[1]);
        assertThatThrownBy(() -> router.select(SelectionRequest.of("nope"))).isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("'nope'");
    }
}
