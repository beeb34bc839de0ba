package dev.weft.designer.run;

import java.util.List;

/**
 * What a test run reads to know what happened: the engine's ordered record log of one process instance. Only an
 * engine in this process has one to read (the embedded Weft engine); without it test runs answer 501.
 */
public interface RunRecords {

    /** The instance's events with a position greater than {@code afterPosition}, in order, at most {@code limit}. */
    List<RunRecord> after(long processInstanceKey, long afterPosition, int limit);

    /**
     * One record-log event.
     *
     * @param valueType e.g. PROCESS_INSTANCE, JOB, VARIABLE, INCIDENT
     * @param value     the record value as JSON text (Zeebe's record value shapes)
     */
    record RunRecord(long position, String valueType, String intent, long key, long timestamp, String value) {
    }
}
