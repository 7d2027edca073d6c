-- Remediation from alerts (issue 17). A rule names, for one alert policy (a client's or an MSP-wide default), the
-- script version of an active standard change, the parameter values to pass (within the change's allowed values) and
-- how many attempts one alert may take. client_id is the policy's client (NULL for an MSP-wide default, which every
-- scope reads, as alert_policy does).
CREATE TABLE remediation_rule (
    id                uuid        PRIMARY KEY,
    policy_id         uuid        NOT NULL UNIQUE REFERENCES alert_policy (id) ON DELETE CASCADE,
    client_id         uuid        REFERENCES client (id) ON DELETE CASCADE,
    script_version_id uuid        NOT NULL REFERENCES script_version (id),
    parameters        jsonb       NOT NULL DEFAULT '{}',
    max_attempts      integer     NOT NULL DEFAULT 1 CHECK (max_attempts BETWEEN 1 AND 5),
    created_by        uuid        NOT NULL,
    created_by_name   text        NOT NULL,
    created_at        timestamptz NOT NULL
);
ALTER TABLE remediation_rule ENABLE ROW LEVEL SECURITY;
ALTER TABLE remediation_rule FORCE ROW LEVEL SECURITY;
CREATE POLICY remediation_rule_tenant ON remediation_rule
    USING (client_id IS NULL OR steward_sees_client(client_id)) WITH CHECK (client_id IS NULL OR steward_sees_client(client_id));

-- One row per alert a rule acted on: which device (the alert's, never another), its incident, the attempts made, and
-- whether the alert cleared and the incident was marked remediated. The row is locked while an attempt is decided, so
-- the alert clearing and the run finishing, heard on different threads, settle it once.
CREATE TABLE remediation_alert (
    alert_id       uuid        PRIMARY KEY,
    client_id      uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    device_id      uuid        NOT NULL,
    rule_id        uuid        REFERENCES remediation_rule (id) ON DELETE SET NULL,
    ticket_id      uuid,
    attempts       integer     NOT NULL DEFAULT 0,
    max_attempts   integer     NOT NULL,
    last_task_id   uuid        REFERENCES task (id) ON DELETE SET NULL,
    succeeded_task uuid        REFERENCES task (id) ON DELETE SET NULL,
    last_problem   text,
    cleared_at     timestamptz,
    remediated_at  timestamptz,
    created_at     timestamptz NOT NULL
);
CREATE INDEX remediation_alert_client_idx ON remediation_alert (client_id, created_at);
ALTER TABLE remediation_alert ENABLE ROW LEVEL SECURITY;
ALTER TABLE remediation_alert FORCE ROW LEVEL SECURITY;
CREATE POLICY remediation_alert_tenant ON remediation_alert USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
