package dev.weft.designer;

import dev.weft.migrations.WeftMigrations;
import dev.weft.testsupport.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;

/** One fresh, migrated database per test class. */
public final class DesignerDatabase {

    private DesignerDatabase() {
    }

    public static void register(DynamicPropertyRegistry registry, String label) {
        register(registry, label, false);
    }

    /** With {@code engine}, the embedded Weft engine runs in the test application (REST /v2 on the server port, no gRPC). */
    public static void register(DynamicPropertyRegistry registry, String label, boolean engine) {
        TestDatabases.FreshDatabase db = TestDatabases.create(label);
        WeftMigrations.migrate(db.dataSource());
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.flyway.enabled", () -> "false");
        registry.add("weft.engine.mode", () -> engine ? "embedded" : "off");
        registry.add("weft.engine.grpc.enabled", () -> "false");
    }
}
