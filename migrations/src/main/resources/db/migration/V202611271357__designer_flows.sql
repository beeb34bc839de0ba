-- Designer: flows, their one shared draft, immutable published versions and an audit history.

CREATE TABLE designer.flow (
    id          uuid PRIMARY KEY,
    -- BPMN process id every version of the flow deploys under; stable for the flow's life.
    process_id  text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    description text,
    created_by  text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz
);
CREATE INDEX flow_live_name ON designer.flow (lower(name)) WHERE deleted_at IS NULL;

-- The draft is saved with optimistic concurrency: etag is the content hash of graph.
CREATE TABLE designer.draft (
    flow_id    uuid PRIMARY KEY REFERENCES designer.flow (id),
    graph      jsonb       NOT NULL,
    etag       text        NOT NULL,
    updated_by text,
    updated_at timestamptz NOT NULL
);

CREATE TABLE designer.flow_version (
    flow_id                uuid        NOT NULL REFERENCES designer.flow (id),
    version                integer     NOT NULL,
    name                   text        NOT NULL,
    comment                text,
    author                 text,
    created_at             timestamptz NOT NULL,
    graph                  jsonb       NOT NULL,
    bpmn                   text        NOT NULL,
    deployment_key         bigint,
    process_definition_key bigint,
    PRIMARY KEY (flow_id, version)
);

-- Published versions are immutable: the database refuses changes, whatever the code does.
CREATE FUNCTION designer.flow_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'published flow versions are immutable (flow %, version %)', OLD.flow_id, OLD.version;
END;
$$;
CREATE TRIGGER flow_version_immutable BEFORE UPDATE OR DELETE ON designer.flow_version
    FOR EACH ROW EXECUTE FUNCTION designer.flow_version_immutable();

CREATE TABLE designer.flow_history (
    id      bigserial PRIMARY KEY,
    flow_id uuid        NOT NULL REFERENCES designer.flow (id),
    at      timestamptz NOT NULL,
    actor   text,
    action  text        NOT NULL,
    detail  jsonb
);
CREATE INDEX flow_history_flow ON designer.flow_history (flow_id, id);
