-- Raises are written many at a time and ask for the snoozes of all their devices at once: without this, that question
-- read every alert row of those devices, and an alert flood leaves many.
CREATE INDEX alert_snoozed_idx ON alert (device_id, policy_id, instance, snoozed_until) WHERE snoozed_until IS NOT NULL;
