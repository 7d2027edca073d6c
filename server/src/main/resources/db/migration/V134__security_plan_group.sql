-- Issue 19: a device group's exceptions to its client's security-check plan. A null field inherits the client's value
-- (an empty array is a value: no ports, no admins, no incidents); a device in several groups with exceptions takes
-- each field from the first group by name that sets it (SecurityPlan.forGroups). It goes with its group.
CREATE TABLE security_plan_group (
    group_id                      uuid        PRIMARY KEY REFERENCES device_group (id) ON DELETE CASCADE,
    client_id                     uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    every_minutes                 integer     CHECK (every_minutes BETWEEN 5 AND 10080),
    failed_logon_window_minutes   integer     CHECK (failed_logon_window_minutes BETWEEN 5 AND 10080),
    failed_logon_threshold        integer     CHECK (failed_logon_threshold BETWEEN 0 AND 100000),
    allowed_ports                 text[],
    admins                        text[],
    max_reboot_pending_hours      integer     CHECK (max_reboot_pending_hours BETWEEN 1 AND 8760),
    max_security_update_age_days  integer     CHECK (max_security_update_age_days BETWEEN 1 AND 365),
    incident_checks               text[],
    version                       integer     NOT NULL,
    updated_by                    text        NOT NULL,
    updated_at                    timestamptz NOT NULL
);
CREATE INDEX security_plan_group_client_idx ON security_plan_group (client_id);
ALTER TABLE security_plan_group ENABLE ROW LEVEL SECURITY;
ALTER TABLE security_plan_group FORCE ROW LEVEL SECURITY;
CREATE POLICY security_plan_group_tenant ON security_plan_group USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
