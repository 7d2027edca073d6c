-- Patch management (issue 18), the patching module's tables. Every row carries its client for row-level security.

-- A client's patch policy; a client without a row has the defaults (PatchPolicy.defaults). scan_requested_at is the
-- technician's "scan now": agents scan when their last scan is older.
CREATE TABLE patch_policy (
    client_id              uuid        PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE,
    scan_hours             integer     NOT NULL CHECK (scan_hours BETWEEN 1 AND 168),
    refresh_metadata       boolean     NOT NULL,
    refresh_jitter_minutes integer     NOT NULL CHECK (refresh_jitter_minutes BETWEEN 0 AND 720),
    security_deadline_days integer     NOT NULL CHECK (security_deadline_days BETWEEN 1 AND 365),
    cycle_week             integer     NOT NULL CHECK (cycle_week BETWEEN 1 AND 5),
    cycle_weekday          integer     NOT NULL CHECK (cycle_weekday BETWEEN 1 AND 7),
    cycle_offset_days      integer     NOT NULL CHECK (cycle_offset_days BETWEEN 0 AND 27),
    security_approval      text        NOT NULL CHECK (security_approval IN ('AUTOMATIC', 'MANUAL')),
    held_packages          text[]      NOT NULL DEFAULT '{}',
    reboot                 text        NOT NULL CHECK (reboot IN ('never', 'if-required', 'always')),
    reboot_warning_minutes integer     NOT NULL CHECK (reboot_warning_minutes BETWEEN 0 AND 240),
    scan_requested_at      timestamptz,
    version                integer     NOT NULL,
    updated_by             text        NOT NULL,
    updated_at             timestamptz NOT NULL
);
ALTER TABLE patch_policy ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_policy FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_policy_tenant ON patch_policy USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- The latest scan of each device (its updates in patch_update). A failed scan keeps the updates of the last good one.
CREATE TABLE patch_scan (
    device_id             uuid        PRIMARY KEY REFERENCES device (id) ON DELETE CASCADE,
    client_id             uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    seq                   bigint      NOT NULL,
    scanned_at            timestamptz NOT NULL,
    received_at           timestamptz NOT NULL,
    manager               text        NOT NULL,
    reboot_required       boolean     NOT NULL,
    reboot_packages       text[]      NOT NULL DEFAULT '{}',
    metadata_refreshed_at timestamptz,
    wall_millis           bigint      NOT NULL,
    cpu_millis            bigint      NOT NULL,
    max_rss_kib           bigint      NOT NULL,
    error                 text,
    last_good_at          timestamptz
);
CREATE INDEX patch_scan_client_idx ON patch_scan (client_id, scanned_at);
ALTER TABLE patch_scan ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_scan FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_scan_tenant ON patch_scan USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- The updates available on a device as its last good scan listed them. first_seen_at is when the package first had
-- an update pending without a break (a newer candidate does not restart its age: the device stayed exposed).
CREATE TABLE patch_update (
    device_id         uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id         uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name              text        NOT NULL,
    arch              text        NOT NULL,
    installed_version text        NOT NULL,
    candidate_version text        NOT NULL,
    origin            text        NOT NULL,
    security          text        NOT NULL CHECK (security IN ('yes', 'no', 'unknown')),
    severity          text        NOT NULL,
    cves              text[]      NOT NULL DEFAULT '{}',
    held              boolean     NOT NULL,
    first_seen_at     timestamptz NOT NULL,
    PRIMARY KEY (device_id, name, arch)
);
CREATE INDEX patch_update_client_idx ON patch_update (client_id, security, first_seen_at);
CREATE INDEX patch_update_cves_idx ON patch_update USING gin (cves);
ALTER TABLE patch_update ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_update FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_update_tenant ON patch_update USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- What changed on a device, newest first, bounded per device (PatchIntake.HISTORY_PER_DEVICE): an update first seen,
-- gone from the scan (installed, or the package removed), and install results of patch tasks.
CREATE TABLE patch_history (
    id           uuid        PRIMARY KEY,
    device_id    uuid        NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id    uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    at           timestamptz NOT NULL,
    event        text        NOT NULL CHECK (event IN ('FIRST_SEEN', 'GONE', 'INSTALLED', 'FAILED', 'REFUSED')),
    name         text        NOT NULL,
    arch         text        NOT NULL,
    from_version text        NOT NULL,
    to_version   text        NOT NULL,
    security     text        NOT NULL,
    detail       text        NOT NULL DEFAULT ''
);
CREATE INDEX patch_history_device_idx ON patch_history (device_id, at DESC);
CREATE INDEX patch_history_client_idx ON patch_history (client_id, at);
ALTER TABLE patch_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_history FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_history_tenant ON patch_history USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Decisions on one package version for a client: APPROVED (to install with the next cycle) or REJECTED.
CREATE TABLE patch_approval (
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    version     text        NOT NULL,
    decision    text        NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED')),
    decided_by  text        NOT NULL,
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (client_id, name, version)
);
ALTER TABLE patch_approval ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_approval FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_approval_tenant ON patch_approval USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
