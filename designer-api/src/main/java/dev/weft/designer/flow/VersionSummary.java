package dev.weft.designer.flow;

import java.time.OffsetDateTime;

/**
 * A published version, without its documents.
 *
 * @param deploymentKey key of the engine deployment, or null when the server has no engine to deploy to
 */
public record VersionSummary(int version, String name, String comment, String author, OffsetDateTime createdAt,
                             Long deploymentKey, Long processDefinitionKey) {
}
