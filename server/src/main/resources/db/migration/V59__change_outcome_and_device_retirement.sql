-- The monthly report counts changes by outcome and emergency changes, and devices by the time they were in
-- service. Without these facts a past month's figures moved whenever a change or device moved on later.
ALTER TABLE change_request ADD COLUMN emergency boolean NOT NULL DEFAULT false;
ALTER TABLE change_request ADD COLUMN outcome text CHECK (outcome IN ('SUCCESSFUL', 'FAILED', 'BACKED_OUT'));

ALTER TABLE device ADD COLUMN retired_at timestamptz;
-- Only a retired device has a retirement date (approving it again clears the date).
ALTER TABLE device ADD CONSTRAINT device_retired_at_only_when_retired CHECK (retired_at IS NULL OR status = 'RETIRED');

-- The owner role is subject to the forced row-level security too; the backfill must see every client.
SELECT set_config('steward.all_clients', 'on', true);

-- Changes implemented before outcomes were recorded count as successful: that is what the implement request
-- assumes when no outcome is given, and what "implemented" meant until now.
UPDATE change_request SET outcome = 'SUCCESSFUL' WHERE stage IN ('IMPLEMENTED', 'REVIEWED');

-- Retired devices get the instant of the audit entry that retired them (written before the status changed);
-- without one, the last time the agent was heard (retiring forgets its credentials, so it is never heard after),
-- else when it was approved or enrolled. Never now(): that would put long-gone devices into every past month.
UPDATE device d SET retired_at = coalesce(
        (SELECT max(a.occurred_at) FROM audit_log a WHERE a.action = 'device.retired' AND a.target_type = 'device' AND a.target_id = d.id::text),
        d.last_seen_at, d.approved_at, d.enrolled_at)
 WHERE d.status = 'RETIRED';
