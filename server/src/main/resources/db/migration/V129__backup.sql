-- Issue 19: backup monitoring. The agents report their backup jobs (protocol BackupMessages); Steward keeps per device
-- the latest state of each job, a bounded history of its attempts, the client's objectives (RPO, RTO, which devices
-- should have a backup, when to alert, how often to test restores), the breaches with their one incident each, and
-- the restore tests with their measured times (RTO evidence). Every table is the client's, under row-level security.

-- The newest report stored per device: a report older than it (late from the agent's spool) is acknowledged and ignored.
CREATE TABLE backup_report (
    device_id   uuid        PRIMARY KEY REFERENCES device (id) ON DELETE CASCADE,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    seq         bigint      NOT NULL,
    reported_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL
);
ALTER TABLE backup_report ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_report FORCE ROW LEVEL SECURITY;
CREATE POLICY backup_report_tenant ON backup_report USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- The latest state of each job of a device. failures_in_row counts the distinct attempts (by last_attempt_at) that did
-- not succeed since the last success; a job no longer in the device's reports is kept with present = false.
CREATE TABLE backup_job (
    device_id        uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id        uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    tool             text        NOT NULL CHECK (tool IN ('restic', 'borg', 'windows-server-backup', 'veeam')),
    repository       text        NOT NULL,
    last_attempt_at  timestamptz,
    last_result      text        NOT NULL CHECK (last_result IN ('success', 'failed', 'locked', 'missing', 'unknown')),
    last_error       text,
    last_success_at  timestamptz,
    newest_point_at  timestamptz,
    restore_points   integer     NOT NULL CHECK (restore_points >= 0),
    size_bytes       bigint      NOT NULL CHECK (size_bytes >= 0),
    schedule_hours   integer     NOT NULL CHECK (schedule_hours BETWEEN 0 AND 8784),
    failures_in_row  integer     NOT NULL DEFAULT 0 CHECK (failures_in_row >= 0),
    first_seen_at    timestamptz NOT NULL,
    reported_at      timestamptz NOT NULL,
    present          boolean     NOT NULL DEFAULT true,
    PRIMARY KEY (device_id, name)
);
CREATE INDEX backup_job_client_idx ON backup_job (client_id);
ALTER TABLE backup_job ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_job FORCE ROW LEVEL SECURITY;
CREATE POLICY backup_job_tenant ON backup_job USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Each distinct attempt of a job as first reported (bounded per job by the intake, newest kept).
CREATE TABLE backup_attempt (
    device_id       uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id       uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    attempt_at      timestamptz NOT NULL,
    result          text        NOT NULL,
    error           text,
    newest_point_at timestamptz,
    size_bytes      bigint      NOT NULL,
    received_at     timestamptz NOT NULL,
    PRIMARY KEY (device_id, name, attempt_at)
);
CREATE INDEX backup_attempt_client_idx ON backup_attempt (client_id, attempt_at);
ALTER TABLE backup_attempt ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_attempt FORCE ROW LEVEL SECURITY;
CREATE POLICY backup_attempt_tenant ON backup_attempt USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- The client's backup objectives (BackupPolicy); absent means the defaults (version 0).
CREATE TABLE backup_policy (
    client_id        uuid        PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE,
    rpo_hours        integer     NOT NULL CHECK (rpo_hours BETWEEN 1 AND 8784),
    rto_minutes      integer     NOT NULL CHECK (rto_minutes BETWEEN 1 AND 10080),
    scope            text        NOT NULL CHECK (scope IN ('NONE', 'ALL', 'SERVERS', 'GROUP', 'DEVICES')),
    group_id         uuid        REFERENCES device_group (id) ON DELETE SET NULL,
    device_ids       uuid[]      NOT NULL DEFAULT '{}',
    failures_alert   integer     NOT NULL CHECK (failures_alert BETWEEN 1 AND 50),
    grace_hours      integer     NOT NULL CHECK (grace_hours BETWEEN 0 AND 168),
    restore_period   text        NOT NULL CHECK (restore_period IN ('NONE', 'WEEKLY', 'MONTHLY', 'QUARTERLY')),
    restore_sample   integer     NOT NULL CHECK (restore_sample BETWEEN 1 AND 100),
    version          integer     NOT NULL,
    updated_by       text        NOT NULL,
    updated_at       timestamptz NOT NULL
);
ALTER TABLE backup_policy ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_policy FORCE ROW LEVEL SECURITY;
CREATE POLICY backup_policy_tenant ON backup_policy USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- A device's own RPO and RTO (a database server backed up hourly, say); null inherits the client's.
CREATE TABLE backup_device_objective (
    device_id   uuid        PRIMARY KEY REFERENCES device (id) ON DELETE CASCADE,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    rpo_hours   integer     CHECK (rpo_hours BETWEEN 1 AND 8784),
    rto_minutes integer     CHECK (rto_minutes BETWEEN 1 AND 10080),
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL
);
ALTER TABLE backup_device_objective ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_device_objective FORCE ROW LEVEL SECURITY;
CREATE POLICY backup_device_objective_tenant ON backup_device_objective USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- A job's breach of its objectives while it lasts (kinds: RPO, MISSED, FAILURES), with its one incident; later breaches
-- are noted on it; ended_at is set when the job meets its objectives again (the incident is then settled).
CREATE TABLE backup_breach (
    id            uuid        PRIMARY KEY,
    device_id     uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id     uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    kinds         text[]      NOT NULL,
    reason        text        NOT NULL,
    started_at    timestamptz NOT NULL,
    noted_at      timestamptz NOT NULL,
    ended_at      timestamptz,
    ticket_id     uuid
);
CREATE UNIQUE INDEX backup_breach_open_idx ON backup_breach (device_id, name) WHERE ended_at IS NULL;
CREATE INDEX backup_breach_client_idx ON backup_breach (client_id, started_at);
ALTER TABLE backup_breach ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_breach FORCE ROW LEVEL SECURITY;
CREATE POLICY backup_breach_tenant ON backup_breach USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Restore tests: one per device, job and period (period_start, in UTC), a standard run of the built-in restore tester;
-- its result line gives the time taken, compared with the RTO in force when it was prepared (RTO evidence per month).
CREATE TABLE backup_restore_test (
    id           uuid        PRIMARY KEY,
    device_id    uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id    uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    period_start date        NOT NULL,
    task_id      uuid,
    state        text        NOT NULL CHECK (state IN ('RUNNING', 'PASSED', 'FAILED', 'NO_RESULT')),
    sample       integer     NOT NULL,
    rto_minutes  integer     NOT NULL,
    prepared_at  timestamptz NOT NULL,
    finished_at  timestamptz,
    point_at     timestamptz,
    files        integer,
    bytes        bigint,
    millis       bigint,
    verified     integer,
    failed       integer,
    UNIQUE (device_id, name, period_start)
);
CREATE INDEX backup_restore_test_client_idx ON backup_restore_test (client_id, prepared_at);
CREATE INDEX backup_restore_test_task_idx ON backup_restore_test (task_id) WHERE task_id IS NOT NULL;
ALTER TABLE backup_restore_test ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_restore_test FORCE ROW LEVEL SECURITY;
CREATE POLICY backup_restore_test_tenant ON backup_restore_test USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Why the last restore-test pass of a client ran nothing (no standard change, a job the change does not name), for its page.
CREATE TABLE backup_restore_status (
    client_id  uuid        PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE,
    checked_at timestamptz NOT NULL,
    problem    text
);
ALTER TABLE backup_restore_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_restore_status FORCE ROW LEVEL SECURITY;
CREATE POLICY backup_restore_status_tenant ON backup_restore_status USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- The built-in restore tester (protocol RestoreTest) is a library script of interpreter 'restore-test' with a fixed body,
-- made once by ScriptLibrary.restoreTester(), like the patch installer.
ALTER TABLE script DROP CONSTRAINT script_interpreter_check;
ALTER TABLE script ADD CONSTRAINT script_interpreter_check CHECK (interpreter IN ('bash', 'sh', 'powershell', 'python', 'patch', 'restore-test'));
CREATE UNIQUE INDEX script_restore_tester_idx ON script (interpreter) WHERE interpreter = 'restore-test';
