-- The durable form of an acknowledged metric batch: one row per batch with its samples packed in a
-- bytea (BatchCodec), written in the batch writer's transaction beside its agent_message row. The
-- latest values and the 1-minute rollups are folded from these in memory and written in bulk by the
-- rollup fold; a row is deleted once everything it contributed is in the rollups (telemetry_fold).
-- After a crash the rows past the fold mark are folded again at start-up, so no acknowledged sample is
-- lost or counted twice.
CREATE TABLE metric_batch (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id   uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    seq         bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    -- The newest sample time of the batch: a row may go once every minute it touches has been folded.
    max_at      timestamptz NOT NULL,
    samples     bytea       NOT NULL
);
ALTER TABLE metric_batch ENABLE ROW LEVEL SECURITY;
ALTER TABLE metric_batch FORCE ROW LEVEL SECURITY;
CREATE POLICY metric_batch_tenant ON metric_batch USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- How far the fold got (one row): every batch with id <= batch_through has all its samples of minutes
-- before minutes_before in metric_minute and its latest values in metric_latest; its samples of later
-- minutes are only in memory (and in metric_batch). Batches past batch_through are only in metric_batch.
CREATE TABLE telemetry_fold (
    id             int         PRIMARY KEY CHECK (id = 1),
    batch_through  bigint      NOT NULL,
    minutes_before timestamptz NOT NULL
);
INSERT INTO telemetry_fold VALUES (1, 0, '-infinity');
