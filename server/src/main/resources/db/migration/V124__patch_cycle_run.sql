-- Unattended standard patch cycles (issue 18): on a client's cycle day, when its policy approves security updates
-- automatically, Steward starts the cycle itself. One row per client and cycle day (the unique key makes the start
-- happen exactly once, whichever node or pass gets there first), with its rings: the pilot group's devices first, the
-- rest pilotWaitDays after the pilot's runs all finished, unless the pilot's failure share passed ringStopPercent
-- (then the cycle STOPS until a person resumes or cancels it).
CREATE TABLE patch_cycle_run (
    id            uuid        PRIMARY KEY,
    client_id     uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    cycle_day     date        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('RUNNING', 'STOPPED', 'DONE', 'CANCELLED')),
    reason        text,
    pilot_group_id uuid,
    wait_days     integer     NOT NULL,
    stop_percent  integer     NOT NULL,
    pre_script_id uuid,
    post_script_id uuid,
    -- A person resumed the cycle past the pilot's failure threshold: the gate no longer stops it.
    gate_overridden boolean   NOT NULL DEFAULT false,
    started_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    decided_by    text,
    UNIQUE (client_id, cycle_day)
);
CREATE INDEX patch_cycle_run_active_idx ON patch_cycle_run (state) WHERE state = 'RUNNING';
ALTER TABLE patch_cycle_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_cycle_run FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_cycle_run_tenant ON patch_cycle_run USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- A ring of a cycle: 0 the pilot (or every device without a pilot group), 1 the rest. Its devices are fixed when the
-- ring starts; it goes PENDING -> PRE (pre-script runs) -> INSTALL -> POST (post-script runs) -> DONE.
CREATE TABLE patch_cycle_ring (
    cycle_id         uuid        NOT NULL REFERENCES patch_cycle_run (id) ON DELETE CASCADE,
    client_id        uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    ring             integer     NOT NULL CHECK (ring IN (0, 1)),
    name             text        NOT NULL CHECK (name IN ('PILOT', 'REST', 'ALL')),
    phase            text        NOT NULL CHECK (phase IN ('PENDING', 'PRE', 'INSTALL', 'POST', 'DONE')),
    device_ids       uuid[]      NOT NULL DEFAULT '{}',
    pre_task_id      uuid,
    install_task_ids uuid[]      NOT NULL DEFAULT '{}',
    install_device_ids uuid[]    NOT NULL DEFAULT '{}',
    post_task_id     uuid,
    not_before       timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz,
    failed_device_ids uuid[]     NOT NULL DEFAULT '{}',
    PRIMARY KEY (cycle_id, ring)
);
ALTER TABLE patch_cycle_ring ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_cycle_ring FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_cycle_ring_tenant ON patch_cycle_ring USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
