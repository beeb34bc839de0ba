package dev.weft.designer.run;

import dev.weft.engine.api.Engine;
import dev.weft.engine.query.RecordFeed;
import java.util.List;
import javax.sql.DataSource;

/** The embedded Weft engine's record log, read through the engine's {@link RecordFeed}. */
public final class EngineRunRecords implements RunRecords {

    private final RecordFeed feed;

    public EngineRunRecords(DataSource engineDataSource) {
        this.feed = Engine.recordFeed(engineDataSource);
    }

    @Override
    public List<RunRecord> after(long processInstanceKey, long afterPosition, int limit) {
        return feed.after(processInstanceKey, afterPosition, limit).stream()
                .map(e -> new RunRecord(e.position(), e.valueType(), e.intent(), e.key(), e.timestamp(), e.value()))
                .toList();
    }
}
