-- Latest values: one row per device instead of one per series. The fold wrote a metric_latest row per series every
-- fold interval, and under a fleet sending every second that upsert was half of PostgreSQL's statement time
-- (BENCHMARKS.md, shape A): 100 series of a device were 100 index entries and 100 row versions. Now they are one jsonb
-- object per device, keyed 'metric|instance' (metric names never hold '|'), each value [value, unit, sampled at
-- (epoch ms), received at (epoch ms)]. The view metric_latest keeps the former shape for reading.
-- The owner role is subject to the forced row-level security too; the migration must see every client.
SELECT set_config('steward.all_clients', 'on', true);

CREATE TABLE device_latest (
    device_id uuid  PRIMARY KEY REFERENCES device (id) ON DELETE CASCADE,
    client_id uuid  NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    latest    jsonb NOT NULL
);

INSERT INTO device_latest (device_id, client_id, latest)
SELECT device_id, client_id,
       jsonb_object_agg(metric || '|' || instance, jsonb_build_array(value, unit,
           (extract(epoch FROM sampled_at) * 1000)::int8, (extract(epoch FROM received_at) * 1000)::int8))
FROM metric_latest GROUP BY device_id, client_id;

DROP TABLE metric_latest;

ALTER TABLE device_latest ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_latest FORCE ROW LEVEL SECURITY;
CREATE POLICY device_latest_tenant ON device_latest USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Read-only; security_invoker so that the reader's row-level security applies, not the owner's.
CREATE VIEW metric_latest WITH (security_invoker = true) AS
SELECT l.device_id, l.client_id,
       split_part(e.key, '|', 1) AS metric,
       substr(e.key, strpos(e.key, '|') + 1) AS instance,
       (e.value ->> 0)::float8 AS value,
       e.value ->> 1 AS unit,
       timestamptz 'epoch' + (e.value ->> 2)::int8 * interval '1 millisecond' AS sampled_at,
       timestamptz 'epoch' + (e.value ->> 3)::int8 * interval '1 millisecond' AS received_at
FROM device_latest l CROSS JOIN LATERAL jsonb_each(l.latest) AS e;
