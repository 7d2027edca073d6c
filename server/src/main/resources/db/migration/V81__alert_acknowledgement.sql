-- Staff acknowledge an open alert (who, when: shown on the alert and its incident) and snooze it for a while: while
-- snoozed, the same condition firing again on the device is recorded but pages nobody and reopens no incident.
ALTER TABLE alert ADD COLUMN acknowledged_by text;
ALTER TABLE alert ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE alert ADD COLUMN snoozed_until timestamptz;
ALTER TABLE alert DROP CONSTRAINT alert_suppressed_reason_check;
ALTER TABLE alert ADD CONSTRAINT alert_suppressed_reason_check CHECK (suppressed_reason IN ('MAINTENANCE', 'OFFLINE', 'SNOOZED'));
