-- Remediation catch-up (issue 17). The listeners that act on AlertRaised, TaskRunFinished and AlertCleared run after
-- those commits and are not durable; a recurring sweep redoes what a lost one would have done. settled_task is the
-- last task whose finished run was acted on (retried or recorded as succeeded), so that the listener and the sweep,
-- whichever comes second, act on one run once. remediation_alert's primary key (alert_id) already makes starting
-- remediation once per alert a single INSERT ... ON CONFLICT for both of them.
ALTER TABLE remediation_alert ADD COLUMN settled_task uuid REFERENCES task (id) ON DELETE SET NULL;

-- The sweep reads the alerts not yet remediated, oldest first, within its catch-up window.
CREATE INDEX remediation_alert_open_idx ON remediation_alert (created_at) WHERE remediated_at IS NULL;

-- Runs that finished before this column existed were acted on by the listener when they finished: mark them settled
-- so the sweep does not act on them a second time. The owner role is subject to the forced row-level security too.
SELECT set_config('steward.all_clients', 'on', true);
UPDATE remediation_alert ra SET settled_task = ra.last_task_id
WHERE ra.last_task_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM task_run r WHERE r.task_id = ra.last_task_id AND r.device_id = ra.device_id
                AND r.state IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'REFUSED', 'EXPIRED'));
