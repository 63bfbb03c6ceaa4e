-- Other names a template answers to: bot frameworks' response names (Rasa's `utter_refund_status`).
-- Unique within a workspace among aliases (checked by the writer under an advisory lock); a
-- template's own key wins over another's alias.
ALTER TABLE templates ADD COLUMN aliases text[] NOT NULL DEFAULT '{}';
