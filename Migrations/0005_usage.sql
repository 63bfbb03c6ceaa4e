-- What customers asked for: renders and suggestion outcomes counted per replica in memory and
-- added here in time buckets. Hourly rows are rolled up into daily ones after a retention period.
-- Writers add to a row (INSERT … ON CONFLICT DO UPDATE), in key order, so many replicas may
-- flush at once.

CREATE TABLE usage_renders (
    workspace_id     bigint NOT NULL,
    -- The bucket's start (UTC) and its length.
    bucket           timestamptz NOT NULL,
    span             text NOT NULL CHECK (span IN ('hour', 'day')),
    template_id      bigint NOT NULL,
    -- The locale the caller asked for (bounded: see UsageLocale), the workspace locale that
    -- would have served it best, and the locale served.
    requested_locale text NOT NULL,
    wanted_locale    text NOT NULL,
    served_locale    text NOT NULL,
    channel          text NOT NULL,
    role             text NOT NULL,
    renders          bigint NOT NULL,
    PRIMARY KEY (workspace_id, bucket, span, template_id, requested_locale, wanted_locale, served_locale, channel, role)
);

CREATE TABLE usage_suggestions (
    workspace_id     bigint NOT NULL,
    bucket           timestamptz NOT NULL,
    span             text NOT NULL CHECK (span IN ('hour', 'day')),
    template_id      bigint NOT NULL,
    shown            bigint NOT NULL DEFAULT 0,
    accepted         bigint NOT NULL DEFAULT 0,
    rejected         bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, bucket, span, template_id)
);

-- One row per flush a replica has written: a flush retried after an answer that was lost (the
-- commit may have happened) finds its own row and adds nothing twice.
CREATE TABLE usage_flushes (
    replica          text NOT NULL,
    sequence         bigint NOT NULL,
    written_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (replica, sequence)
);
CREATE INDEX usage_flushes_by_age ON usage_flushes (written_at);
