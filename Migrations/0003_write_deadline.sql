-- A write whose request gave up must never commit afterwards. Each write transaction sets
-- `parley.deadline` (an absolute time); a deferred constraint trigger, run at COMMIT, refuses the
-- commit once that time has passed. So a transaction whose COMMIT was already sent when the
-- database stalled (stopped, overloaded) rolls back when the database comes back, instead of
-- committing a write its client was told had failed.
CREATE FUNCTION parley_check_write_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deadline text := current_setting('parley.deadline', true);
BEGIN
    IF deadline IS NOT NULL AND deadline <> '' AND clock_timestamp() > deadline::timestamptz THEN
        RAISE EXCEPTION 'the write''s deadline passed before it committed' USING ERRCODE = '57014';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER workspaces_write_deadline AFTER INSERT OR UPDATE OR DELETE ON workspaces
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION parley_check_write_deadline();
CREATE CONSTRAINT TRIGGER templates_write_deadline AFTER INSERT OR UPDATE OR DELETE ON templates
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION parley_check_write_deadline();
CREATE CONSTRAINT TRIGGER translations_write_deadline AFTER INSERT OR UPDATE OR DELETE ON translations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION parley_check_write_deadline();
CREATE CONSTRAINT TRIGGER api_keys_write_deadline AFTER INSERT OR UPDATE OR DELETE ON api_keys
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION parley_check_write_deadline();
