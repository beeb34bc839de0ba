package dev.weft.engine.api;

import java.util.List;

/**
 * Deploy one or more resources atomically: either every resource is valid and stored, or nothing is.
 * A resource whose content equals the latest version of the same process id is not re-versioned (Zeebe's
 * duplicate detection); the result then names the existing definition.
 *
 * @param resources the files; at least one
 * @param tenantId  {@code null} or {@value Engine#DEFAULT_TENANT}
 */
public record DeployCommand(List<Resource> resources, String tenantId) {

    public DeployCommand {
        resources = List.copyOf(resources);
        tenantId = tenantId == null || tenantId.isBlank() ? Engine.DEFAULT_TENANT : tenantId;
    }

    public static DeployCommand of(Resource... resources) {
        return new DeployCommand(List.of(resources), null);
    }
}
