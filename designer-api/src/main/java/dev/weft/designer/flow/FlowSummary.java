package dev.weft.designer.flow;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A flow as lists show it.
 *
 * @param latestVersion number of the newest published version, or null when never published
 */
public record FlowSummary(UUID id, String processId, String name, String description, String createdBy,
                          OffsetDateTime createdAt, OffsetDateTime updatedAt, Integer latestVersion) {
}
