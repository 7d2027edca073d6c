-- Issue 19: endpoint security checks (protocol security: SecurityCheckMessages). Three tables, all tenant tables.
--
-- security_plan: the client's plan for its agents (what and how often they check) and which failing checks open an
-- incident. No row: the protocol's DEFAULT_PLAN and no incidents (version 0).
CREATE TABLE security_plan (
    client_id                     uuid        PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE,
    every_minutes                 integer     NOT NULL CHECK (every_minutes BETWEEN 5 AND 10080),
    failed_logon_window_minutes   integer     NOT NULL CHECK (failed_logon_window_minutes BETWEEN 5 AND 10080),
    failed_logon_threshold        integer     NOT NULL CHECK (failed_logon_threshold BETWEEN 0 AND 100000),
    allowed_ports                 text[]      NOT NULL DEFAULT '{}',
    admins                        text[]      NOT NULL DEFAULT '{}',
    max_reboot_pending_hours      integer     NOT NULL CHECK (max_reboot_pending_hours BETWEEN 1 AND 8760),
    max_security_update_age_days  integer     NOT NULL CHECK (max_security_update_age_days BETWEEN 1 AND 365),
    incident_checks               text[]      NOT NULL DEFAULT '{}',
    version                       integer     NOT NULL,
    updated_by                    text        NOT NULL,
    updated_at                    timestamptz NOT NULL
);
ALTER TABLE security_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE security_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY security_plan_tenant ON security_plan USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- The latest result of each check on each device, and the last time it passed (the bound an episode's start falls
-- back on when the evidence gives no time). evaluated_at is the agent's clock, received_at the server's.
CREATE TABLE security_result (
    device_id     uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id     uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    check_id      text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('pass', 'fail', 'unknown')),
    evidence      text        NOT NULL DEFAULT '',
    observed_at   timestamptz,
    evaluated_at  timestamptz NOT NULL,
    received_at   timestamptz NOT NULL,
    last_pass_at  timestamptz,
    seq           bigint      NOT NULL,
    PRIMARY KEY (device_id, check_id)
);
CREATE INDEX security_result_client_idx ON security_result (client_id, check_id);
ALTER TABLE security_result ENABLE ROW LEVEL SECURITY;
ALTER TABLE security_result FORCE ROW LEVEL SECURITY;
CREATE POLICY security_result_tenant ON security_result USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- The history: one row per failing episode of a check on a device (CheckEpisodes decides them). began_at <=
-- detected_at <= fixed_at; fixed_at null while it is open, and at most one open episode per device and check.
-- evidence is what the first failing result showed, last_evidence the latest failing one, fixed_evidence the pass.
CREATE TABLE security_episode (
    id              uuid        PRIMARY KEY,
    device_id       uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id       uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    check_id        text        NOT NULL,
    began_at        timestamptz NOT NULL,
    began_from      text        NOT NULL CHECK (began_from IN ('evidence', 'last-pass', 'first-fail')),
    detected_at     timestamptz NOT NULL,
    fixed_at        timestamptz,
    evidence        text        NOT NULL DEFAULT '',
    last_evidence   text        NOT NULL DEFAULT '',
    fixed_evidence  text,
    incident_id     uuid,
    CHECK (began_at <= detected_at),
    CHECK (fixed_at IS NULL OR fixed_at >= detected_at)
);
CREATE UNIQUE INDEX security_episode_open_idx ON security_episode (device_id, check_id) WHERE fixed_at IS NULL;
CREATE INDEX security_episode_device_idx ON security_episode (device_id, check_id, detected_at DESC);
CREATE INDEX security_episode_client_idx ON security_episode (client_id, detected_at);
ALTER TABLE security_episode ENABLE ROW LEVEL SECURITY;
ALTER TABLE security_episode FORCE ROW LEVEL SECURITY;
CREATE POLICY security_episode_tenant ON security_episode USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
