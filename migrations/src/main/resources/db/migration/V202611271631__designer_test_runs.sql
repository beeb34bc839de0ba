-- Designer test runs (issue 5): a draft run on the engine as its own test process, or one node re-run against the
-- stored outputs of an earlier run. What happened is read back from the engine's record log; this table only
-- remembers which instance belongs to which run and the graph it ran (to map BPMN elements back to nodes).
CREATE TABLE designer.test_run (
    id                   uuid PRIMARY KEY,
    flow_id              uuid        NOT NULL REFERENCES designer.flow (id),
    kind                 text        NOT NULL CHECK (kind IN ('run', 'rerun')),
    -- For a re-run: the run whose outputs fed it, and the node that ran again.
    source_run_id        uuid REFERENCES designer.test_run (id),
    node_id              text,
    process_id           text        NOT NULL,
    process_instance_key bigint      NOT NULL,
    graph                jsonb       NOT NULL,
    inputs               jsonb       NOT NULL,
    started_by           text,
    started_at           timestamptz NOT NULL,
    CHECK ((kind = 'rerun') = (source_run_id IS NOT NULL AND node_id IS NOT NULL))
);
CREATE INDEX test_run_flow ON designer.test_run (flow_id, started_at DESC);
