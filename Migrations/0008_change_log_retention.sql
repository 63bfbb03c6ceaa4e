-- Replicas read the change log past the newest id they handled and over its last half minute,
-- every 2 seconds: without an index on the time, that read scans the whole log (123 ms at a month
-- of one change a second; 0.05 ms with it). Pruning deletes by time as well.
CREATE INDEX change_log_by_time ON change_log (created_at);

-- The newest change id pruned from the log. A replica that has not handled every change up to it
-- may have missed some, so it reloads what it holds instead of reading the log.
CREATE TABLE change_log_horizon (
    only_row       boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    pruned_through bigint NOT NULL
);
INSERT INTO change_log_horizon (pruned_through) VALUES (0);
