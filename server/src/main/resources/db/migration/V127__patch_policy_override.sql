-- Issue 18: a site's or device group's exceptions to its client's patch policy (PolicyOverride). A null field
-- inherits the client's value; held_packages add to the client's. One override per site and per group; it goes with
-- its site or group.
CREATE TABLE patch_policy_override (
    client_id              uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    site_id                uuid        REFERENCES site (id) ON DELETE CASCADE,
    group_id               uuid        REFERENCES device_group (id) ON DELETE CASCADE,
    scan_hours             integer     CHECK (scan_hours BETWEEN 1 AND 168),
    security_deadline_days integer     CHECK (security_deadline_days BETWEEN 1 AND 365),
    security_approval      text        CHECK (security_approval IN ('AUTOMATIC', 'MANUAL')),
    held_packages          text[]      NOT NULL DEFAULT '{}',
    reboot                 text        CHECK (reboot IN ('never', 'if-required', 'always')),
    reboot_warning_minutes integer     CHECK (reboot_warning_minutes BETWEEN 0 AND 240),
    version                integer     NOT NULL,
    updated_by             text        NOT NULL,
    updated_at             timestamptz NOT NULL,
    CHECK ((site_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX patch_policy_override_site_idx ON patch_policy_override (site_id) WHERE site_id IS NOT NULL;
CREATE UNIQUE INDEX patch_policy_override_group_idx ON patch_policy_override (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX patch_policy_override_client_idx ON patch_policy_override (client_id);
ALTER TABLE patch_policy_override ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_policy_override FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_policy_override_tenant ON patch_policy_override USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
