-- An alert raised while its client was in an alert storm (more alerts a minute than the storm threshold) joins the
-- client's one storm incident instead of opening its own; clearing it then settles nothing.
ALTER TABLE alert ADD COLUMN grouped boolean NOT NULL DEFAULT false;
