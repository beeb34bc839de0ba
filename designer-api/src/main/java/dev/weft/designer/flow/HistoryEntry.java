package dev.weft.designer.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** Something that happened to a flow: created, renamed, draft_saved, published, restored, deleted, imported. */
public record HistoryEntry(long id, OffsetDateTime at, String actor, String action, JsonNode detail) {
}
