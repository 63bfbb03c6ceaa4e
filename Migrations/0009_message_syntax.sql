-- The syntax a text is written in: ICU MessageFormat (mf1, every text before this change) or
-- Unicode MessageFormat 2 (mf2). A revision keeps its text's syntax, so a rollback restores both.
ALTER TABLE translations ADD COLUMN syntax text NOT NULL DEFAULT 'mf1' CHECK (syntax IN ('mf1', 'mf2'));
ALTER TABLE revisions ADD COLUMN syntax text NOT NULL DEFAULT 'mf1';
