-- Issue 18: the fleet-wide list of outstanding updates, kept per client. Grouping a fleet's ~1,000,000 update rows per
-- client, package and version took 3.3 s per request at 10,000 devices; the central page and the API read this table
-- instead when they list the whole fleet (a chosen client or CVE is still grouped live, ~40 ms). Written only by the
-- patching module's refresh (OutstandingSnapshot): a client is recomputed when a scan of one of its devices arrived since
-- its last refresh (with a margin for transactions still open then), when its policies change, and at least hourly.
CREATE TABLE patch_outstanding (
    client_id         uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name              text        NOT NULL,
    candidate_version text        NOT NULL,
    security          text        NOT NULL,
    severity          text        NOT NULL,
    devices           integer     NOT NULL,
    first_seen_at     timestamptz NOT NULL,
    -- The earliest moment one of the group's security updates is past its device's deadline; null without any.
    due_at            timestamptz,
    cves              text[]      NOT NULL,
    PRIMARY KEY (client_id, name, candidate_version)
);
CREATE INDEX patch_outstanding_oldest_idx ON patch_outstanding (first_seen_at, name);
ALTER TABLE patch_outstanding ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_outstanding FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_outstanding_tenant ON patch_outstanding USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

CREATE TABLE patch_outstanding_refresh (
    client_id    uuid        PRIMARY KEY REFERENCES client (id) ON DELETE CASCADE,
    refreshed_at timestamptz NOT NULL
);
ALTER TABLE patch_outstanding_refresh ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_outstanding_refresh FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_outstanding_refresh_tenant ON patch_outstanding_refresh USING (steward_sees_client(client_id))
    WITH CHECK (steward_sees_client(client_id));
-- How many groups each client has, and how many of them are security updates: the fleet-wide list's total is their
-- sum over the clients in scope instead of a count of every kept row per request.
ALTER TABLE patch_outstanding_refresh ADD COLUMN groups integer NOT NULL DEFAULT 0,
                                      ADD COLUMN security_groups integer NOT NULL DEFAULT 0;
DROP INDEX patch_outstanding_oldest_idx;
CREATE INDEX patch_outstanding_oldest_idx ON patch_outstanding (first_seen_at, name, client_id, candidate_version);
CREATE INDEX patch_outstanding_name_idx ON patch_outstanding (name);

-- Exposure to a CVE orders its devices by how long they have been exposed: the first sighting of each fixing update is
-- kept beside its CVE row, so a CVE on 9,500 devices is answered from patch_update_cve alone (joining each row back to
-- patch_update took most of 0.6 s). The intake writes it with the row; the trigger keeps it when an update's first
-- sighting is corrected.
ALTER TABLE patch_update_cve ADD COLUMN first_seen_at timestamptz;
SELECT set_config('steward.all_clients', 'on', true);
UPDATE patch_update_cve x SET first_seen_at = u.first_seen_at
FROM patch_update u WHERE u.device_id = x.device_id AND u.name = x.name AND u.arch = x.arch;
ALTER TABLE patch_update_cve ALTER COLUMN first_seen_at SET NOT NULL;

CREATE OR REPLACE FUNCTION patch_scan_refresh_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE patch_scan s SET update_count = c.n, security_first_seen = c.f
    FROM (SELECT d.device_id, count(u.device_id)::integer AS n,
                 coalesce(array_agg(u.first_seen_at ORDER BY u.first_seen_at) FILTER (WHERE u.security = 'yes'), '{}') AS f
          FROM (SELECT device_id FROM new_rows UNION SELECT device_id FROM old_rows) d
          LEFT JOIN patch_update u ON u.device_id = d.device_id
          GROUP BY d.device_id) c
    WHERE s.device_id = c.device_id;
    UPDATE patch_update_cve x SET first_seen_at = n.first_seen_at
    FROM new_rows n
    WHERE x.device_id = n.device_id AND x.name = n.name AND x.arch = n.arch AND x.first_seen_at IS DISTINCT FROM n.first_seen_at;
    RETURN NULL;
END;
$$;
