-- Policy scopes (client, site, device group, device) with exclusions; aggregation over a window, a
-- "for" duration; flapping and offline suppression on alerts; recurring maintenance windows.
ALTER TABLE alert_policy
    ADD COLUMN site_id        uuid REFERENCES site (id) ON DELETE CASCADE,
    ADD COLUMN group_id       uuid REFERENCES device_group (id) ON DELETE CASCADE,
    ADD COLUMN device_id      uuid REFERENCES device (id) ON DELETE CASCADE,
    ADD COLUMN aggregation    text    NOT NULL DEFAULT 'LAST' CHECK (aggregation IN ('LAST', 'AVG', 'MAX')),
    ADD COLUMN window_seconds integer NOT NULL DEFAULT 0 CHECK (window_seconds BETWEEN 0 AND 86400),
    ADD COLUMN for_seconds    integer NOT NULL DEFAULT 0 CHECK (for_seconds BETWEEN 0 AND 86400),
    ADD COLUMN built_in       boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT alert_policy_narrow_needs_client CHECK (client_id IS NOT NULL OR (site_id IS NULL AND group_id IS NULL AND device_id IS NULL)),
    ADD CONSTRAINT alert_policy_one_narrowing CHECK (num_nonnulls(site_id, group_id, device_id) <= 1);

CREATE TABLE alert_policy_exclusion (
    id        uuid PRIMARY KEY,
    policy_id uuid NOT NULL REFERENCES alert_policy (id) ON DELETE CASCADE,
    -- The client whose site, group or device is taken out; also the tenant of the row.
    client_id uuid NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    site_id   uuid REFERENCES site (id) ON DELETE CASCADE,
    group_id  uuid REFERENCES device_group (id) ON DELETE CASCADE,
    device_id uuid REFERENCES device (id) ON DELETE CASCADE,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (num_nonnulls(site_id, group_id, device_id) = 1)
);
CREATE INDEX alert_policy_exclusion_client_idx ON alert_policy_exclusion (client_id);
ALTER TABLE alert_policy_exclusion ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_policy_exclusion FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_policy_exclusion_tenant ON alert_policy_exclusion
    USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

ALTER TABLE alert
    ADD COLUMN flapping          boolean NOT NULL DEFAULT false,
    -- OFFLINE: raised while the device's offline alert was open, so it pages nobody.
    ADD COLUMN suppressed_reason text CHECK (suppressed_reason IN ('MAINTENANCE', 'OFFLINE'));
UPDATE alert SET suppressed_reason = 'MAINTENANCE' WHERE suppressed_by IS NOT NULL;
CREATE INDEX alert_refire_idx ON alert (device_id, policy_id, instance, resolved_at) WHERE state = 'RESOLVED';

ALTER TABLE maintenance_window
    ADD COLUMN site_id          uuid REFERENCES site (id) ON DELETE CASCADE,
    -- WEEKLY: on days (e.g. 'SATURDAY,SUNDAY') from start_time for duration_minutes in zone, between starts_at and ends_at.
    ADD COLUMN recurrence       text NOT NULL DEFAULT 'ONCE' CHECK (recurrence IN ('ONCE', 'WEEKLY')),
    ADD COLUMN days             text,
    ADD COLUMN start_time       time,
    ADD COLUMN duration_minutes integer CHECK (duration_minutes BETWEEN 1 AND 10080),
    ADD COLUMN zone             text,
    ADD CONSTRAINT maintenance_window_weekly CHECK (recurrence = 'ONCE'
        OR (days IS NOT NULL AND start_time IS NOT NULL AND duration_minutes IS NOT NULL AND zone IS NOT NULL));

-- Built-in defaults, with the metric names the agent sends (fs.used_pct per file system instance,
-- cpu.utilization, memory.used_pct); service.active (1 running, 0 stopped, instance = unit) and
-- http.up (1 healthy, 0 failing, instance = URL) for the service and HTTP checks.
UPDATE alert_policy SET built_in = true WHERE client_id IS NULL AND id IN ('00000000-0000-4000-8000-0000000a1e00',
    '00000000-0000-4000-8000-0000000a1e01', '00000000-0000-4000-8000-0000000a1e02', '00000000-0000-4000-8000-0000000a1e03');
UPDATE alert_policy SET name = 'Memory high', threshold = 95, recovery_threshold = 85, aggregation = 'AVG', window_seconds = 300, for_seconds = 300
    WHERE id = '00000000-0000-4000-8000-0000000a1e03';
INSERT INTO alert_policy (id, client_id, name, metric, comparison, threshold, recovery_threshold, severity, aggregation, window_seconds,
                          for_seconds, built_in, created_at) VALUES
  ('00000000-0000-4000-8000-0000000a1e04', NULL, 'CPU sustained high', 'cpu.utilization', 'ABOVE', 90, 75, 'WARNING', 'AVG', 300, 600, true, now()),
  ('00000000-0000-4000-8000-0000000a1e05', NULL, 'Service stopped', 'service.active', 'BELOW', 0.5, 0.5, 'CRITICAL', 'LAST', 0, 60, true, now()),
  ('00000000-0000-4000-8000-0000000a1e06', NULL, 'HTTP check failing', 'http.up', 'BELOW', 0.5, 0.5, 'CRITICAL', 'MAX', 120, 120, true, now());

-- Daily high-water mark of every file system's used %, and the fill forecast made from them.
CREATE TABLE fs_daily_high (
    device_id uuid             NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id uuid             NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    instance  text             NOT NULL,
    day       date             NOT NULL,
    used_pct  double precision NOT NULL,
    PRIMARY KEY (device_id, instance, day)
);
CREATE INDEX fs_daily_high_day_idx ON fs_daily_high (day);
CREATE TABLE disk_forecast (
    device_id     uuid             NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    client_id     uuid             NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    instance      text             NOT NULL,
    computed_at   timestamptz      NOT NULL,
    slope_per_day double precision NOT NULL,
    fitted_pct    double precision NOT NULL,
    full_on       date,
    -- The open service request about it, while the disk is predicted full within the horizon.
    ticket_id     uuid REFERENCES ticket (id) ON DELETE SET NULL,
    PRIMARY KEY (device_id, instance)
);
ALTER TABLE fs_daily_high ENABLE ROW LEVEL SECURITY;
ALTER TABLE fs_daily_high FORCE ROW LEVEL SECURITY;
CREATE POLICY fs_daily_high_tenant ON fs_daily_high USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE disk_forecast ENABLE ROW LEVEL SECURITY;
ALTER TABLE disk_forecast FORCE ROW LEVEL SECURITY;
CREATE POLICY disk_forecast_tenant ON disk_forecast USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
