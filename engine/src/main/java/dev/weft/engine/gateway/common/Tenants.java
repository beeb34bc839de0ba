package dev.weft.engine.gateway.common;

import dev.weft.engine.api.Engine;
import java.util.List;

/**
 * Weft runs with multi-tenancy disabled, like a default Zeebe: the client always sends {@code <default>} (or
 * nothing), and anything else is a client mistake worth naming rather than silently ignoring.
 */
public final class Tenants {

    private Tenants() {
    }

    /** Accepts an empty or default tenant id; otherwise throws naming the field. */
    public static String require(String field, String tenantId) {
        if (tenantId == null || tenantId.isEmpty() || Engine.DEFAULT_TENANT.equals(tenantId)) {
            return Engine.DEFAULT_TENANT;
        }
        throw new IllegalArgumentException("Expected property '" + field + "' to be '" + Engine.DEFAULT_TENANT
                + "' (multi-tenancy is disabled in Weft), but was '" + tenantId + "'");
    }

    /** Same check for a list of tenant ids (job activation). */
    public static List<String> requireAll(String field, List<String> tenantIds) {
        if (tenantIds == null || tenantIds.isEmpty()) {
            return List.of(Engine.DEFAULT_TENANT);
        }
        tenantIds.forEach(id -> require(field, id));
        return List.of(Engine.DEFAULT_TENANT);
    }
}
