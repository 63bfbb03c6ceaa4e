-- The version of the source text a translation in a channel follows: the source locale's text in
-- that channel when there is one, else its default text. The SQL copy of Catalog's SourceText
-- rule, for the queries that count outdated texts (listings, coverage, demand).

CREATE FUNCTION source_version(p_workspace bigint, p_template bigint, p_source_locale text, p_channel text)
RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT version FROM translations
    WHERE workspace_id = p_workspace AND template_id = p_template AND locale = p_source_locale
      AND channel IN (p_channel, 'default')
    ORDER BY channel = 'default'
    LIMIT 1
$$;
