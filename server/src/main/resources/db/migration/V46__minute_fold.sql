-- Hourly rollups are folded from closed minutes instead of being rewritten by every batch: at a 1 s
-- interval each hourly row was updated 3,600 times an hour, every update walking the row's chain of
-- dead versions, and that upsert took most of the batch writer's time. A minute row is folded into
-- its hour once (folded = true); a sample arriving later for a minute already folded is added to the
-- hour directly by the writer. Rows written so far are already counted in metric_hour.
ALTER TABLE metric_minute ADD COLUMN folded boolean NOT NULL DEFAULT true;
ALTER TABLE metric_minute ALTER COLUMN folded SET DEFAULT false;
CREATE INDEX metric_minute_unfolded_idx ON metric_minute (bucket) WHERE NOT folded;
