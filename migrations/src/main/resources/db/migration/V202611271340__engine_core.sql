-- Engine core state (schema engine). Runtime state of a process instance lives in one JSON document on its
-- row (element instances, variables, gateway joins): loading and locking an instance is one round trip.
-- Everything that is searched across instances (jobs, timers, subscriptions, incidents, user tasks,
-- variables, element history) has its own table, written in batches by the appliers.

-- Keys in Zeebe's layout (partition << 51 | counter); nodes reserve blocks of counters.
CREATE TABLE engine.key_block (
    partition_id integer PRIMARY KEY,
    next_value   bigint  NOT NULL
);

CREATE TABLE engine.deployment (
    key        bigint PRIMARY KEY,
    tenant_id  text   NOT NULL,
    created_at bigint NOT NULL
);

-- Deployed resources: processes, forms, decision requirements. kind = PROCESS | FORM | DECISION.
CREATE TABLE engine.resource (
    key            bigint  PRIMARY KEY,
    deployment_key bigint  NOT NULL,
    kind           text    NOT NULL,
    resource_id    text    NOT NULL,
    name           text,
    version        integer NOT NULL,
    resource_name  text    NOT NULL,
    checksum       text    NOT NULL,
    content        bytea   NOT NULL,
    tenant_id      text    NOT NULL,
    deleted        boolean NOT NULL DEFAULT false,
    created_at     bigint  NOT NULL,
    UNIQUE (kind, tenant_id, resource_id, version)
);

CREATE TABLE engine.process_instance (
    key                         bigint  PRIMARY KEY,
    process_definition_key      bigint  NOT NULL,
    bpmn_process_id             text    NOT NULL,
    version                     integer NOT NULL,
    state                       text    NOT NULL,
    start_time                  bigint  NOT NULL,
    end_time                    bigint,
    parent_process_instance_key bigint  NOT NULL DEFAULT -1,
    parent_element_instance_key bigint  NOT NULL DEFAULT -1,
    has_incident                boolean NOT NULL DEFAULT false,
    tenant_id                   text    NOT NULL,
    runtime                     text
);
CREATE INDEX process_instance_bpmn_process_id ON engine.process_instance (bpmn_process_id, key);
CREATE INDEX process_instance_definition ON engine.process_instance (process_definition_key, key);
CREATE INDEX process_instance_parent ON engine.process_instance (parent_process_instance_key) WHERE parent_process_instance_key <> -1;

-- History of element instances (the runtime copy is in process_instance.runtime).
CREATE TABLE engine.element_instance (
    key                  bigint PRIMARY KEY,
    process_instance_key bigint NOT NULL,
    flow_scope_key       bigint NOT NULL,
    element_id           text   NOT NULL,
    element_type         text   NOT NULL,
    state                text   NOT NULL,
    start_time           bigint NOT NULL,
    end_time             bigint,
    incident_key         bigint NOT NULL DEFAULT -1,
    tenant_id            text   NOT NULL
);
CREATE INDEX element_instance_process_instance ON engine.element_instance (process_instance_key, key);

CREATE TABLE engine.variable (
    key                  bigint PRIMARY KEY,
    name                 text   NOT NULL,
    value                text   NOT NULL,
    scope_key            bigint NOT NULL,
    process_instance_key bigint NOT NULL,
    tenant_id            text   NOT NULL,
    UNIQUE (scope_key, name)
);
CREATE INDEX variable_process_instance ON engine.variable (process_instance_key, key);

-- Runtime jobs; a row disappears when its job is completed, cancelled or its instance ends.
-- state = ACTIVATABLE | ACTIVATED | FAILED (waiting for its back-off) | ERROR_THROWN | INCIDENT
CREATE TABLE engine.job (
    key                        bigint  PRIMARY KEY,
    type                       text    NOT NULL,
    state                      text    NOT NULL,
    worker                     text,
    retries                    integer NOT NULL,
    deadline                   bigint  NOT NULL DEFAULT 0,
    recur_at                   bigint  NOT NULL DEFAULT 0,
    process_instance_key       bigint  NOT NULL,
    element_instance_key       bigint  NOT NULL,
    element_id                 text    NOT NULL,
    bpmn_process_id            text    NOT NULL,
    process_definition_version integer NOT NULL,
    process_definition_key     bigint  NOT NULL,
    custom_headers             text    NOT NULL,
    error_message              text,
    tenant_id                  text    NOT NULL
);
CREATE INDEX job_activatable ON engine.job (type, key) WHERE state = 'ACTIVATABLE';
CREATE INDEX job_deadline ON engine.job (deadline) WHERE state = 'ACTIVATED';
CREATE INDEX job_recur ON engine.job (recur_at) WHERE state = 'FAILED';
CREATE INDEX job_process_instance ON engine.job (process_instance_key);

CREATE TABLE engine.incident (
    key                    bigint PRIMARY KEY,
    process_instance_key   bigint NOT NULL,
    process_definition_key bigint NOT NULL,
    bpmn_process_id        text   NOT NULL,
    element_id             text   NOT NULL,
    element_instance_key   bigint NOT NULL,
    job_key                bigint NOT NULL DEFAULT -1,
    error_type             text   NOT NULL,
    error_message          text,
    state                  text   NOT NULL,
    created_at             bigint NOT NULL,
    resolved_at            bigint,
    tenant_id              text   NOT NULL
);
CREATE INDEX incident_process_instance ON engine.incident (process_instance_key);
CREATE INDEX incident_active ON engine.incident (key) WHERE state = 'ACTIVE';

-- Timers: intermediate catch, boundary, event sub-process start (process_instance_key > 0) and
-- process-level timer start events (process_instance_key = -1).
CREATE TABLE engine.timer (
    key                    bigint  PRIMARY KEY,
    process_instance_key   bigint  NOT NULL,
    element_instance_key   bigint  NOT NULL,
    process_definition_key bigint  NOT NULL,
    target_element_id      text    NOT NULL,
    due_date               bigint  NOT NULL,
    repetitions            integer NOT NULL,
    cycle                  text,
    tenant_id              text    NOT NULL
);
CREATE INDEX timer_due ON engine.timer (due_date);
CREATE INDEX timer_process_instance ON engine.timer (process_instance_key);

-- Buffered messages (until expires_at) and their correlations (a message correlates once per process).
CREATE TABLE engine.message (
    key             bigint PRIMARY KEY,
    name            text   NOT NULL,
    correlation_key text   NOT NULL,
    message_id      text,
    expires_at      bigint NOT NULL,
    variables       text   NOT NULL,
    tenant_id       text   NOT NULL
);
CREATE INDEX message_name_correlation ON engine.message (name, correlation_key, key);
CREATE INDEX message_expiry ON engine.message (expires_at);
CREATE UNIQUE INDEX message_id_unique ON engine.message (tenant_id, name, correlation_key, message_id)
    WHERE message_id IS NOT NULL AND message_id <> '';

CREATE TABLE engine.message_correlation (
    message_key     bigint NOT NULL,
    bpmn_process_id text   NOT NULL,
    PRIMARY KEY (message_key, bpmn_process_id)
);

-- Open message subscriptions of waiting elements (catch events, receive tasks, boundaries, event sub-processes).
CREATE TABLE engine.message_subscription (
    key                  bigint  PRIMARY KEY,
    process_instance_key bigint  NOT NULL,
    element_instance_key bigint  NOT NULL,
    bpmn_process_id      text    NOT NULL,
    target_element_id    text    NOT NULL,
    message_name         text    NOT NULL,
    correlation_key      text    NOT NULL,
    interrupting         boolean NOT NULL,
    tenant_id            text    NOT NULL
);
CREATE INDEX message_subscription_lookup ON engine.message_subscription (message_name, correlation_key);
CREATE INDEX message_subscription_process_instance ON engine.message_subscription (process_instance_key);

-- Process-level start subscriptions of the latest version of each process (message and signal start events).
CREATE TABLE engine.start_subscription (
    process_definition_key bigint NOT NULL,
    bpmn_process_id        text   NOT NULL,
    kind                   text   NOT NULL,
    name                   text   NOT NULL,
    start_element_id       text   NOT NULL,
    tenant_id              text   NOT NULL,
    PRIMARY KEY (process_definition_key, start_element_id)
);
CREATE INDEX start_subscription_lookup ON engine.start_subscription (kind, name);

CREATE TABLE engine.signal_subscription (
    key                  bigint PRIMARY KEY,
    process_instance_key bigint NOT NULL,
    element_instance_key bigint NOT NULL,
    target_element_id    text   NOT NULL,
    signal_name          text   NOT NULL,
    tenant_id            text   NOT NULL
);
CREATE INDEX signal_subscription_name ON engine.signal_subscription (signal_name);
CREATE INDEX signal_subscription_process_instance ON engine.signal_subscription (process_instance_key);

CREATE TABLE engine.user_task (
    key                        bigint  PRIMARY KEY,
    name                       text,
    element_id                 text    NOT NULL,
    element_instance_key       bigint  NOT NULL,
    process_instance_key       bigint  NOT NULL,
    process_definition_key     bigint  NOT NULL,
    bpmn_process_id            text    NOT NULL,
    process_definition_version integer NOT NULL,
    state                      text    NOT NULL,
    assignee                   text,
    candidate_groups           text    NOT NULL,
    candidate_users            text    NOT NULL,
    due_date                   text,
    follow_up_date             text,
    form_key                   text,
    priority                   integer NOT NULL,
    created_at                 bigint  NOT NULL,
    completed_at               bigint,
    tenant_id                  text    NOT NULL
);
CREATE INDEX user_task_process_instance ON engine.user_task (process_instance_key);
CREATE INDEX user_task_state ON engine.user_task (state, key);

-- The ordered record log: every event and rejection, for history, audit, export and ops queries.
CREATE TABLE engine.record (
    position             bigserial PRIMARY KEY,
    record_type          text   NOT NULL,
    value_type           text   NOT NULL,
    intent               text   NOT NULL,
    key                  bigint NOT NULL,
    process_instance_key bigint NOT NULL,
    value                json   NOT NULL,
    rejection_type       text,
    rejection_reason     text,
    timestamp            bigint NOT NULL,
    node_id              integer NOT NULL
);
CREATE INDEX record_process_instance ON engine.record (process_instance_key, position) WHERE process_instance_key > 0;

-- Export progress per exporter (e.g. the Pulsar exporter), so export resumes after a restart.
CREATE TABLE engine.exporter_position (
    exporter_id text   PRIMARY KEY,
    position    bigint NOT NULL
);
