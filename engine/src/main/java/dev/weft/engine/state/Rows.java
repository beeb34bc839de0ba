package dev.weft.engine.state;

/** Flat rows for the history tables, written in bulk. */
public final class Rows {

    private Rows() {
    }

    public record ElementHistory(long key, long processInstanceKey, long flowScopeKey, String elementId,
                                 String elementType, String state, long startTime, Long endTime, long incidentKey,
                                 String tenantId) {
    }

    public record Variable(long key, String name, String value, long scopeKey, long processInstanceKey,
                           String tenantId) {
    }

    /** One entry of the record log. */
    public record LogEntry(String recordType, String valueType, String intent, long key, long processInstanceKey,
                           String value, String rejectionType, String rejectionReason, long timestamp, int nodeId) {
    }
}
