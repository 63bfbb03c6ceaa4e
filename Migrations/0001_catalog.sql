-- The catalog: workspaces, templates, translations per locale and channel, their revisions,
-- API keys, and the change log that feeds every replica's render cache.
--
-- Every catalog row carries its workspace, the natural distribution key of a sharded
-- PostgreSQL: primary keys and foreign keys lead with workspace_id.

CREATE TABLE workspaces (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    default_locale text NOT NULL,
    locales        text[] NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (default_locale = ANY (locales))
);

CREATE TABLE templates (
    workspace_id   bigint NOT NULL REFERENCES workspaces (id),
    id             bigint GENERATED ALWAYS AS IDENTITY,
    key            text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9_.-]{0,127}$'),
    category       text NOT NULL DEFAULT '',
    tags           text[] NOT NULL DEFAULT '{}',
    shortcut       text,
    description    text NOT NULL DEFAULT '',
    source_locale  text NOT NULL,
    archived       boolean NOT NULL DEFAULT false,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, key)
);

CREATE TABLE translations (
    workspace_id   bigint NOT NULL,
    template_id    bigint NOT NULL,
    locale         text NOT NULL,
    channel        text NOT NULL DEFAULT 'default' CHECK (channel ~ '^[a-z][a-z0-9_-]{0,31}$'),
    message        text NOT NULL,
    state          text NOT NULL CHECK (state IN ('draft', 'needs_review', 'approved')),
    version        integer NOT NULL,
    -- The version of the source-locale text this translation was made from; behind the
    -- source's current version means outdated. Null for the source itself.
    source_version integer,
    author         text NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, template_id, locale, channel),
    FOREIGN KEY (workspace_id, template_id) REFERENCES templates (workspace_id, id)
);

CREATE TABLE revisions (
    workspace_id   bigint NOT NULL,
    id             bigint GENERATED ALWAYS AS IDENTITY,
    template_id    bigint NOT NULL,
    locale         text NOT NULL,
    channel        text NOT NULL,
    version        integer NOT NULL,
    message        text NOT NULL,
    state          text NOT NULL,
    source_version integer,
    author         text NOT NULL,
    action         text NOT NULL CHECK (action IN ('create', 'update', 'review', 'rollback', 'import')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, template_id) REFERENCES templates (workspace_id, id)
);
CREATE INDEX revisions_by_translation ON revisions (workspace_id, template_id, locale, channel, id);

CREATE TABLE api_keys (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text NOT NULL,
    -- The first characters of the key, to recognise it in lists; the key itself is never stored.
    prefix         text NOT NULL,
    hash           text NOT NULL UNIQUE,  -- SHA-256 of the key, hex
    role           text NOT NULL CHECK (role IN ('render', 'agent', 'translator', 'reviewer', 'admin')),
    -- Null: every workspace. Translators may be limited to some locales.
    workspace_id   bigint REFERENCES workspaces (id),
    locales        text[],
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz
);

-- One row per change to what renders; replicas read it after a missed notification.
CREATE TABLE change_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id   bigint NOT NULL,
    template_id    bigint,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_by_workspace ON change_log (workspace_id, id);
