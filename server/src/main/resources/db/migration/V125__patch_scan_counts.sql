-- Per-device figures of the available updates, kept on the device's patch_scan row, so that the compliance views
-- (devices by patch status, compliance per client) read one row per device instead of every update of the fleet:
-- 10,000 devices with ~100 updates each are ~1,000,000 patch_update rows, which took seconds to read per request
-- (BENCHMARKS.md, "Patch scans of 10,000 devices"). update_count is how many updates the device has;
-- security_first_seen the first_seen_at of each of its security updates, oldest first, so ages and what is past a
-- deadline are still decided at read time from the clock (nothing here goes stale with time).
-- The scan intake refreshes them with every replacement of a device's updates (ScanRepository.replaceUpdates); an
-- UPDATE of patch_update rows made any other way (a correction by hand, a test aging an update) refreshes them through
-- the trigger below, so the figures always follow the rows.
ALTER TABLE patch_scan ADD COLUMN update_count integer NOT NULL DEFAULT 0,
                       ADD COLUMN security_first_seen timestamptz[] NOT NULL DEFAULT '{}';

CREATE FUNCTION patch_scan_refresh_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE patch_scan s SET update_count = c.n, security_first_seen = c.f
    FROM (SELECT d.device_id, count(u.device_id)::integer AS n,
                 coalesce(array_agg(u.first_seen_at ORDER BY u.first_seen_at) FILTER (WHERE u.security = 'yes'), '{}') AS f
          FROM (SELECT device_id FROM new_rows UNION SELECT device_id FROM old_rows) d
          LEFT JOIN patch_update u ON u.device_id = d.device_id
          GROUP BY d.device_id) c
    WHERE s.device_id = c.device_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER patch_update_refresh_counts AFTER UPDATE ON patch_update REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION patch_scan_refresh_counts();

-- The figures of the devices scanned before this version.
SELECT set_config('steward.all_clients', 'on', true);
UPDATE patch_scan s SET update_count = c.n, security_first_seen = c.f
FROM (SELECT device_id, count(*)::integer AS n,
             coalesce(array_agg(first_seen_at ORDER BY first_seen_at) FILTER (WHERE security = 'yes'), '{}') AS f
      FROM patch_update GROUP BY device_id) c
WHERE s.device_id = c.device_id;

-- Which updates fix which CVE, one row per update and CVE id, for "which devices are exposed to CVE-…". The GIN index
-- on patch_update.cves is never used by Steward's roles: under row-level security PostgreSQL uses an index only for
-- leakproof operators, and the array operators (@>, &&) are not, so every exposure question read all of patch_update
-- (~1,000,000 rows at 10,000 devices, 0.55 s). Text and uuid equality are leakproof: this table's index is used. Its
-- rows go with their update (ON DELETE CASCADE) and are written with the updates (ScanRepository.replaceUpdates).
CREATE TABLE patch_update_cve (
    device_id uuid NOT NULL,
    client_id uuid NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name      text NOT NULL,
    arch      text NOT NULL,
    cve       text NOT NULL,
    PRIMARY KEY (cve, device_id, name, arch),
    FOREIGN KEY (device_id, name, arch) REFERENCES patch_update (device_id, name, arch) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX patch_update_cve_update_idx ON patch_update_cve (device_id, name, arch);
ALTER TABLE patch_update_cve ENABLE ROW LEVEL SECURITY;
ALTER TABLE patch_update_cve FORCE ROW LEVEL SECURITY;
CREATE POLICY patch_update_cve_tenant ON patch_update_cve USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
INSERT INTO patch_update_cve (device_id, client_id, name, arch, cve)
SELECT DISTINCT device_id, client_id, name, arch, unnest(cves) FROM patch_update;
-- Unusable under row-level security (above), and each update written paid for it.
DROP INDEX patch_update_cves_idx;
