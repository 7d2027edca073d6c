-- Issue 18: failed installs are retried per the client's policy (patch_policy.install_retries) and then become an
-- incident. One row per device and package version that failed: how often it failed (the first install and the
-- retries), the failed tasks, the last reason, and where its retry stands:
--   FAILED    the last failure waits for the retry sweep (handled = false)
--   RETRYING  Steward started retry_task_id (security updates under the installer's standard change)
--   OFFERED   a retry for people to request is shown (updates people approved: nothing runs unsigned)
--   GAVE_UP   the retries are used up: the device's incident says so
-- A later install of the package, or a scan no longer offering that version, deletes the row.
CREATE TABLE patch_install_attempt (
    device_id      uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id      uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    version        text        NOT NULL,
    scope          text        NOT NULL CHECK (scope IN ('security', 'approved')),
    automatic      boolean     NOT NULL,
    failures       integer     NOT NULL CHECK (failures >= 1),
    retries        integer     NOT NULL DEFAULT 0 CHECK (retries >= 0),
    task_ids       uuid[]      NOT NULL,
    last_reason    text        NOT NULL DEFAULT '',
    last_failed_at timestamptz NOT NULL,
    state          text        NOT NULL CHECK (state IN ('FAILED', 'RETRYING', 'OFFERED', 'GAVE_UP')),
    handled        boolean     NOT NULL DEFAULT false,
    next_at        timestamptz,
    retry_task_id  uuid,
    incident_id    uuid,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (device_id, name, version)
);
CREATE INDEX patch_install_attempt_due_idx ON patch_install_attempt (client_id) WHERE NOT handled;
CREATE INDEX patch_install_attempt_retry_idx ON patch_install_attempt (retry_task_id) WHERE retry_task_id IS NOT NULL;
ALTER TABLE patch_install_attempt ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_install_attempt FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_install_attempt_tenant ON patch_install_attempt USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- The one incident per device for installs Steward gave up on: further failures are noted on it while it is open.
CREATE TABLE patch_install_incident (
    device_id uuid        PRIMARY KEY REFERENCES device (id) ON DELETE CASCADE,
    client_id uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    ticket_id uuid        NOT NULL,
    opened_at timestamptz NOT NULL
);
ALTER TABLE patch_install_incident ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_install_incident FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_install_incident_tenant ON patch_install_incident USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
