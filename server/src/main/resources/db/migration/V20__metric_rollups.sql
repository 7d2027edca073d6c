-- Rollups of agent samples: per device, metric, instance and bucket the min, max, sum and count,
-- so any window's min/max/avg can be read without the raw samples. 1-minute buckets in daily
-- partitions, hourly buckets in monthly partitions (UTC), so retention drops whole partitions.
-- No foreign keys: every inserted row would cost a look-up of its device on the hot path; a
-- retired device keeps its history until retention drops it.
CREATE TABLE metric_minute (
    device_id uuid             NOT NULL,
    client_id uuid             NOT NULL,
    metric    text             NOT NULL,
    instance  text             NOT NULL,
    bucket    timestamptz      NOT NULL,
    min       double precision NOT NULL,
    max       double precision NOT NULL,
    sum       double precision NOT NULL,
    count     bigint           NOT NULL,
    PRIMARY KEY (device_id, metric, instance, bucket)
) PARTITION BY RANGE (bucket);

CREATE TABLE metric_hour (
    device_id uuid             NOT NULL,
    client_id uuid             NOT NULL,
    metric    text             NOT NULL,
    instance  text             NOT NULL,
    bucket    timestamptz      NOT NULL,
    min       double precision NOT NULL,
    max       double precision NOT NULL,
    sum       double precision NOT NULL,
    count     bigint           NOT NULL,
    PRIMARY KEY (device_id, metric, instance, bucket)
) PARTITION BY RANGE (bucket);

-- Policies on the partitioned parents apply to every query through them; each partition also
-- gets the same policy (see below) so that reading a partition directly is no way around them.
ALTER TABLE metric_minute ENABLE ROW LEVEL SECURITY;
ALTER TABLE metric_minute FORCE ROW LEVEL SECURITY;
CREATE POLICY metric_minute_tenant ON metric_minute USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
ALTER TABLE metric_hour ENABLE ROW LEVEL SECURITY;
ALTER TABLE metric_hour FORCE ROW LEVEL SECURITY;
CREATE POLICY metric_hour_tenant ON metric_hour USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));

-- Creates the partitions from the oldest kept one up to the ones ahead, and drops those wholly
-- past retention. Runs as the schema owner (the runtime role owns no table and may not create
-- any); partition names and bounds are made from dates only, never from input.
-- Returns how many partitions were created or dropped.
CREATE FUNCTION steward_telemetry_partitions(p_now timestamptz, p_minute_keep_days integer, p_minute_ahead_days integer,
                                             p_hour_keep_months integer, p_hour_ahead_months integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS
$fn$
DECLARE
    today    date := (p_now AT TIME ZONE 'UTC')::date;
    month    date := date_trunc('month', p_now AT TIME ZONE 'UTC')::date;
    d        date;
    name     text;
    changed  integer := 0;
    part     record;
BEGIN
    IF p_minute_keep_days < 1 OR p_minute_ahead_days < 1 OR p_hour_keep_months < 1 OR p_hour_ahead_months < 1 THEN
        RAISE EXCEPTION 'partition windows must be at least one day or month';
    END IF;
    FOR i IN -p_minute_keep_days .. p_minute_ahead_days LOOP
        d := today + i;
        name := 'metric_minute_p' || to_char(d, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF metric_minute FOR VALUES FROM (%L) TO (%L)', name,
                           d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
            EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
            EXECUTE format('CREATE POLICY %I ON %I USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id))',
                           name || '_tenant', name);
            changed := changed + 1;
        END IF;
    END LOOP;
    FOR i IN -p_hour_keep_months .. p_hour_ahead_months LOOP
        d := (month + make_interval(months => i))::date;
        name := 'metric_hour_p' || to_char(d, 'YYYYMM');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF metric_hour FOR VALUES FROM (%L) TO (%L)', name,
                           d::timestamp AT TIME ZONE 'UTC', (d + interval '1 month')::timestamp AT TIME ZONE 'UTC');
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
            EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
            EXECUTE format('CREATE POLICY %I ON %I USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id))',
                           name || '_tenant', name);
            changed := changed + 1;
        END IF;
    END LOOP;
    -- Past retention: partitions that end before the oldest kept day or month.
    FOR part IN
        SELECT c.relname, p.relname AS parent FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname IN ('metric_minute', 'metric_hour')
    LOOP
        IF part.parent = 'metric_minute' AND part.relname ~ '^metric_minute_p[0-9]{8}$'
           AND to_date(substr(part.relname, 16), 'YYYYMMDD') < today - p_minute_keep_days THEN
            EXECUTE format('DROP TABLE %I', part.relname);
            changed := changed + 1;
        ELSIF part.parent = 'metric_hour' AND part.relname ~ '^metric_hour_p[0-9]{6}$'
           AND to_date(substr(part.relname, 14), 'YYYYMM') < (month - make_interval(months => p_hour_keep_months))::date THEN
            EXECUTE format('DROP TABLE %I', part.relname);
            changed := changed + 1;
        END IF;
    END LOOP;
    RETURN changed;
END
$fn$;
REVOKE ALL ON FUNCTION steward_telemetry_partitions(timestamptz, integer, integer, integer, integer) FROM PUBLIC;

-- Partitions around the time of the migration; the application keeps them current from then on.
SELECT steward_telemetry_partitions(now(), 8, 3, 13, 2);
