-- Issue 18: how a client's patch cycles roll out (PatchPolicy.Rollout): a pilot device group first, the rest after
-- pilot_wait_days unless more than ring_stop_percent % of the pilot's installs failed; failed installs are tried
-- install_retries more times and then become an incident; emergency cycles are due within emergency_hours; optional
-- library scripts run before and after installing. A removed group or script leaves the policy without it.
ALTER TABLE patch_policy
    ADD COLUMN pilot_group_id     uuid REFERENCES device_group (id) ON DELETE SET NULL,
    ADD COLUMN pilot_wait_days    integer NOT NULL DEFAULT 2 CHECK (pilot_wait_days BETWEEN 0 AND 30),
    ADD COLUMN ring_stop_percent  integer NOT NULL DEFAULT 20 CHECK (ring_stop_percent BETWEEN 1 AND 100),
    ADD COLUMN install_retries    integer NOT NULL DEFAULT 2 CHECK (install_retries BETWEEN 0 AND 5),
    ADD COLUMN emergency_hours    integer NOT NULL DEFAULT 48 CHECK (emergency_hours BETWEEN 1 AND 336),
    ADD COLUMN pre_script_id      uuid REFERENCES script (id) ON DELETE SET NULL,
    ADD COLUMN post_script_id     uuid REFERENCES script (id) ON DELETE SET NULL;
