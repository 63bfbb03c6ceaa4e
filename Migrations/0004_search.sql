-- Agents' search and suggestions: customer phrasings per template and locale, and agents'
-- verdicts on the replies they were suggested.

CREATE TABLE examples (
    workspace_id   bigint NOT NULL,
    template_id    bigint NOT NULL,
    locale         text NOT NULL,
    phrases        text[] NOT NULL,
    -- Increases with every change; writes name the version they change (If-Match).
    version        integer NOT NULL,
    author         text NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, template_id, locale),
    FOREIGN KEY (workspace_id, template_id) REFERENCES templates (workspace_id, id)
);

CREATE TABLE suggestion_feedback (
    workspace_id   bigint NOT NULL,
    id             bigint GENERATED ALWAYS AS IDENTITY,
    template_id    bigint NOT NULL,
    -- The customer's message, and the locale it was read in.
    text           text NOT NULL,
    locale         text NOT NULL,
    accepted       boolean NOT NULL,
    -- The API key that voted: each counts once per reply.
    voter          text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, template_id) REFERENCES templates (workspace_id, id)
);
CREATE INDEX suggestion_feedback_by_template ON suggestion_feedback (workspace_id, template_id, id);

CREATE CONSTRAINT TRIGGER examples_write_deadline AFTER INSERT OR UPDATE OR DELETE ON examples
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION parley_check_write_deadline();
CREATE CONSTRAINT TRIGGER suggestion_feedback_write_deadline AFTER INSERT OR UPDATE OR DELETE ON suggestion_feedback
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION parley_check_write_deadline();
