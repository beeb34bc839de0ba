package dev.weft.workers.llm.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import dev.weft.workers.llm.provider.Usage;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private static DataSource ds;
    private static ModelRegistry registry;

    @BeforeAll
    static void database() {
        ds = TestDatabases.create("workers_registry").dataSource();
        WeftMigrations.migrate(ds);
        registry = new ModelRegistry(ds);
        registry.putProvider(ProviderSpec.of("acme", ProviderKind.OPENAI, URI.create("http://127.0.0.1:1/v1"), "env:ACME_KEY"));
        registry.putModel(ModelSpec.chat("acme/small", "acme", "small-1", 8192).withCapabilities("json", "tools")
                .withPrices("0.15", "0.60").withTags("fast", "eu"));
        registry.putModel(ModelSpec.chat("acme/big", "acme", "big-1", 128000).withPrices("5", "15"));
    }

    @Test
    void storesAndReadsBackProvidersAndModels() {
        assertThat(registry.provider("acme")).get().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProviderKind.OPENAI);
            assertThat(p.credential()).isEqualTo("env:ACME_KEY");
        });
        ModelSpec small = registry.model("acme/small").orElseThrow();
        assertThat(small.capabilities()).containsExactlyInAnyOrder("json", "tools");
        assertThat(small.tags()).containsExactlyInAnyOrder("fast", "eu");
        assertThat(small.inputPricePerMTok()).isEqualByComparingTo("0.15");
        assertThat(small.deployment()).isEqualTo(Deployment.PUBLIC_API);
        assertThat(registry.models()).extracting(ModelSpec::id).contains("acme/big", "acme/small");
    }

    @Test
    void computesCostFromRegistryPrices() {
        ModelSpec small = registry.model("acme/small").orElseThrow();

        BigDecimal cost = small.cost(new Usage(1_000_000, 500_000));

        assertThat(cost).isEqualByComparingTo("0.45");
        assertThat(small.cost(new Usage(1000, 200))).isEqualByComparingTo("0.00027");
    }

    @Test
    void replacesARouteAsAWhole() {
        registry.putRoute(RouteSpec.of("chat-a", List.of(new RouteSpec.Target("acme/small", 3), new RouteSpec.Target("acme/big", 1)),
                List.of(new RouteSpec.Fallback("acme/big", Set.of("timeout", "server_error")))));
        registry.putRoute(RouteSpec.of("chat-a", List.of(new RouteSpec.Target("acme/small", 1)),
                List.of(RouteSpec.Fallback.always("acme/big")))
                .withRules(List.of(new RouteSpec.GrayRule("deviceType", "mobile", "acme/small")))
                .withExtractiveFallback(true)
                .withCache(new RouteSpec.CacheSettings(Duration.ofMinutes(5), Duration.ZERO, 0.9)));

        RouteSpec route = registry.route("chat-a").orElseThrow();
        assertThat(route.targets()).containsExactly(new RouteSpec.Target("acme/small", 1));
        assertThat(route.fallbacks()).containsExactly(RouteSpec.Fallback.always("acme/big"));
        assertThat(route.rules()).hasSize(1);
        assertThat(route.extractiveFallback()).isTrue();
        assertThat(route.cache().exactTtl()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void namesTheOffendingFieldAndWritesNothing() {
        assertThatThrownBy(() -> registry.putRoute(RouteSpec.of("broken", List.of(new RouteSpec.Target("acme/small", 1),
                new RouteSpec.Target("nope/model", 1)), List.of())))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("targets[1].modelId"));
        assertThat(registry.route("broken")).isEmpty();

        assertThatThrownBy(() -> registry.putRoute(RouteSpec.of("broken", List.of(new RouteSpec.Target("acme/small", 1)),
                List.of(new RouteSpec.Fallback("acme/big", Set.of("sunspots"))))))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("fallbacks[0].onErrors"));
        assertThatThrownBy(() -> registry.putModel(ModelSpec.chat("x/y", "ghost", "m", 10)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("providerId"));
        assertThatThrownBy(() -> registry.putModel(ModelSpec.chat("x/y", "acme", "m", 10).withCapabilities("telepathy")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("capabilities"));
        assertThatThrownBy(() -> registry.putRoute(RouteSpec.of("zero", List.of(new RouteSpec.Target("acme/small", 0)), List.of())))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("targets"));
    }

    @Test
    void refusesPlainTextCredentials() {
        assertThatThrownBy(() -> registry.putProvider(ProviderSpec.of("leaky", ProviderKind.OPENAI,
                URI.create("https://api.example.com/v1"), "sk-live-123")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.field()).isEqualTo("credential");
                    assertThat(e.getMessage()).doesNotContain("sk-live-123");
                });
        assertThat(registry.provider("leaky")).isEmpty();
    }

    @Test
    void storesEveryReferenceFormAndTheDatabaseAcceptsThemToo() throws Exception {
        for (String ref : List.of("env:ACME_KEY", "secret:acme-key.v2", "enc:v1:AAAA")) {
            registry.putProvider(ProviderSpec.of("refs", ProviderKind.OPENAI, URI.create("https://api.example.com/v1"), ref));
            assertThat(registry.provider("refs")).get().extracting(ProviderSpec::credential).isEqualTo(ref);
        }
        registry.deleteProvider("refs");
        try (Connection c = ds.getConnection()) {
            assertThatThrownBy(() -> c.createStatement().executeUpdate("INSERT INTO llm.provider (id, kind, base_url, credential)"
                    + " VALUES ('path', 'openai', 'http://x', 'secret:../etc/passwd')")).hasMessageContaining("provider_credential_check");
        }
    }

    @Test
    void refusesDeletesThatWouldLeaveDanglingReferences() {
        registry.putModel(ModelSpec.chat("acme/used", "acme", "u", 1000));
        registry.putRoute(RouteSpec.of("uses", List.of(new RouteSpec.Target("acme/used", 1)), List.of()));

        assertThatThrownBy(() -> registry.deleteModel("acme/used")).isInstanceOf(InUseException.class).hasMessageContaining("uses");
        assertThatThrownBy(() -> registry.deleteProvider("acme")).isInstanceOf(InUseException.class);
        registry.deleteRoute("uses");
        registry.deleteModel("acme/used");
        assertThat(registry.model("acme/used")).isEmpty();
        assertThatThrownBy(() -> registry.deleteRoute("uses")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theDatabaseItselfRefusesPlainTextCredentials() throws Exception {
        try (Connection c = ds.getConnection()) {
            assertThatThrownBy(() -> c.createStatement().executeUpdate(
                    "INSERT INTO llm.provider (id, kind, base_url, credential) VALUES ('raw', 'openai', 'http://x', 'sk-raw')"))
                    .hasMessageContaining("provider_credential_check");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM llm.model_health")) {
                rs.next();
                assertThat(rs.getInt(1)).as("every model gets a health row").isGreaterThanOrEqualTo(2);
            }
        }
    }
}
