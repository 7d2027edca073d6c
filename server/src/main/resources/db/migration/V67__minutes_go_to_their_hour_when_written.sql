-- The telemetry fold now writes each closed minute and adds it to its hour in the same transaction, so minute rows
-- no longer wait to be marked counted by a second pass (an update of every minute row, most of the rollup work of a
-- large fleet). Minutes written before this version and not counted yet go to their hours here, once.
-- The owner role is subject to the forced row-level security too; the fold must see every client.
SELECT set_config('steward.all_clients', 'on', true);

WITH f AS (
    UPDATE metric_minute SET folded = true WHERE NOT folded
    RETURNING device_id, client_id, metric, instance, bucket, min, max, sum, count)
INSERT INTO metric_hour AS t (device_id, client_id, metric, instance, bucket, min, max, sum, count)
SELECT device_id, client_id, metric, instance, date_trunc('hour', bucket, 'UTC'), min(min), max(max), sum(sum), sum(count)
FROM f GROUP BY device_id, client_id, metric, instance, date_trunc('hour', bucket, 'UTC')
ON CONFLICT (device_id, metric, instance, bucket) DO UPDATE SET min = least(t.min, EXCLUDED.min),
    max = greatest(t.max, EXCLUDED.max), sum = t.sum + EXCLUDED.sum, count = t.count + EXCLUDED.count;

DROP INDEX metric_minute_unfolded_idx;
ALTER TABLE metric_minute DROP COLUMN folded;

-- The second pass's schedule: without its task db-scheduler would keep finding an execution nobody runs.
DELETE FROM scheduled_tasks WHERE task_name = 'telemetry-minute-fold';
