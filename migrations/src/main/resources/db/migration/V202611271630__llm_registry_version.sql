-- Registry version (issue 4, worker overhead): replicas keep providers, models and routes in memory and poll this
-- one-row counter to learn that something changed; every statement that writes a registry table bumps it, whoever
-- runs it (the Java API, the hub's admin API or plain SQL).

CREATE TABLE llm.registry_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL
);
INSERT INTO llm.registry_version (id, version) VALUES (true, 0);

CREATE FUNCTION llm.bump_registry_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE llm.registry_version SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER provider_bumps_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON llm.provider
    FOR EACH STATEMENT EXECUTE FUNCTION llm.bump_registry_version();
CREATE TRIGGER model_bumps_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON llm.model
    FOR EACH STATEMENT EXECUTE FUNCTION llm.bump_registry_version();
CREATE TRIGGER route_bumps_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON llm.route
    FOR EACH STATEMENT EXECUTE FUNCTION llm.bump_registry_version();
CREATE TRIGGER route_target_bumps_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON llm.route_target
    FOR EACH STATEMENT EXECUTE FUNCTION llm.bump_registry_version();
CREATE TRIGGER route_fallback_bumps_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON llm.route_fallback
    FOR EACH STATEMENT EXECUTE FUNCTION llm.bump_registry_version();
CREATE TRIGGER route_rule_bumps_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON llm.route_rule
    FOR EACH STATEMENT EXECUTE FUNCTION llm.bump_registry_version();
