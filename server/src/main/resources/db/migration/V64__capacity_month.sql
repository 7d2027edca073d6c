-- A month's capacity figures per device series, summed from the hourly rollups as hours complete, so that the monthly
-- report reads one row per series instead of every hourly row of the month (10,000 devices: 30,000 rows instead of
-- 22 million). Every figure the report needs is a sum, a count or a maximum, so hours add up exactly: the least-squares
-- line of the hourly means comes from n, Σx, Σy, Σxy and Σx² with x in days since the month's start.

CREATE TABLE capacity_month (
    client_id uuid             NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    -- The first day of the month in the client's zone.
    month     date             NOT NULL CHECK (extract(day FROM month) = 1),
    metric    text             NOT NULL,
    device_id uuid             NOT NULL,
    -- The file system for fs.used_pct; '' for CPU and memory, whose instances are summed together.
    instance  text             NOT NULL,
    hours     bigint           NOT NULL,
    sx        double precision NOT NULL,
    sy        double precision NOT NULL,
    sxy       double precision NOT NULL,
    sxx       double precision NOT NULL,
    -- Σ of the samples and their count, for the mean over samples.
    total     double precision NOT NULL,
    samples   bigint           NOT NULL,
    -- The highest hourly mean and the hours whose mean was 90 or more.
    peak      double precision NOT NULL,
    hours_90  bigint           NOT NULL,
    last_at   timestamptz      NOT NULL,
    PRIMARY KEY (client_id, month, metric, device_id, instance)
);

-- Up to which instant (exclusive) a client's month is summed in capacity_month; later hours are read from metric_hour.
-- month_start is the origin of x; a client whose zone changed has a month starting elsewhere, and its sums start over.
CREATE TABLE capacity_month_mark (
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    month       date        NOT NULL,
    month_start timestamptz NOT NULL,
    through     timestamptz NOT NULL,
    PRIMARY KEY (client_id, month)
);

ALTER TABLE capacity_month ENABLE ROW LEVEL SECURITY;
ALTER TABLE capacity_month FORCE ROW LEVEL SECURITY;
CREATE POLICY capacity_month_tenant ON capacity_month USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE capacity_month_mark ENABLE ROW LEVEL SECURITY;
ALTER TABLE capacity_month_mark FORCE ROW LEVEL SECURITY;
CREATE POLICY capacity_month_mark_tenant ON capacity_month_mark USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Adds the client's hourly rollups of [mark, least(upto, month_end)) to its month (month_start is the month's first
-- instant in the client's zone) and moves the mark; the first call starts at month_start. One transaction does both,
-- so a crash or a second node adds each hour once. Hours changed after they were summed (data arriving more than the
-- caller's lag late) are not added again.
CREATE FUNCTION steward_capacity_fold(p_client uuid, p_month date, p_month_start timestamptz, p_month_end timestamptz, p_upto timestamptz)
    RETURNS void LANGUAGE plpgsql AS
$fn$
DECLARE
    v_from  timestamptz;
    v_start timestamptz;
    v_to    timestamptz := least(p_upto, p_month_end);
BEGIN
    SELECT through, month_start INTO v_from, v_start FROM capacity_month_mark WHERE client_id = p_client AND month = p_month FOR UPDATE;
    IF v_start IS DISTINCT FROM p_month_start THEN
        DELETE FROM capacity_month WHERE client_id = p_client AND month = p_month;
        DELETE FROM capacity_month_mark WHERE client_id = p_client AND month = p_month;
        v_from := p_month_start;
    END IF;
    IF v_to <= v_from THEN
        RETURN;
    END IF;
    INSERT INTO capacity_month AS c (client_id, month, metric, device_id, instance, hours, sx, sy, sxy, sxx, total, samples, peak, hours_90, last_at)
    SELECT p_client, p_month, h.metric, h.device_id, h.instance, count(*), sum(h.x), sum(h.y), sum(h.x * h.y), sum(h.x * h.x),
           sum(h.sum), sum(h.count), max(h.y), count(*) FILTER (WHERE h.y >= 90), max(h.bucket)
    FROM (SELECT metric, device_id, CASE WHEN metric = 'fs.used_pct' THEN instance ELSE '' END AS instance, bucket, sum, count,
                 extract(epoch FROM bucket - p_month_start) / 86400.0 AS x, sum / count AS y
          FROM metric_hour
          WHERE client_id = p_client AND metric IN ('fs.used_pct', 'cpu.utilization', 'memory.used_pct')
            AND bucket >= v_from AND bucket < v_to AND count > 0) h
    GROUP BY h.metric, h.device_id, h.instance
    ON CONFLICT (client_id, month, metric, device_id, instance) DO UPDATE SET
        hours = c.hours + excluded.hours, sx = c.sx + excluded.sx, sy = c.sy + excluded.sy, sxy = c.sxy + excluded.sxy,
        sxx = c.sxx + excluded.sxx, total = c.total + excluded.total, samples = c.samples + excluded.samples,
        peak = greatest(c.peak, excluded.peak), hours_90 = c.hours_90 + excluded.hours_90, last_at = greatest(c.last_at, excluded.last_at);
    INSERT INTO capacity_month_mark (client_id, month, month_start, through) VALUES (p_client, p_month, p_month_start, v_to)
    ON CONFLICT (client_id, month) DO UPDATE SET through = excluded.through;
END
$fn$;
