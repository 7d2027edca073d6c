-- Report benchmark data (shape F): one client with :devices devices and :tickets tickets opened in one month
-- [:month_start, :month_end), with their history (creation, first staff reply, resolution: mostly within target, with
-- a tail of slow ones, so that some breach), changes, offline
-- alerts, maintenance windows and daily rollups of disk, CPU and memory use. Run as the owner role after
-- SELECT set_config('steward.all_clients', 'on', false). Statements are separated by a line holding only ';;'.

CREATE TEMP TABLE bench_report_client AS
SELECT gen_random_uuid() AS id, 'Bench report client' AS name, 'Europe/Berlin' AS time_zone
;;
INSERT INTO client (id, name, time_zone, status, created_at, updated_at)
SELECT id, name, time_zone, 'ACTIVE', now() - interval '2 years', now() - interval '2 years' FROM bench_report_client
;;
INSERT INTO contract (id, client_id, reference, delivery_model, tier_id, starts_on, uptime_target, pricing_model, price_amount, created_at, updated_at)
SELECT gen_random_uuid(), id, 'MSA-REPORT', 'FULLY_MANAGED', '00000000-0000-4000-8000-0000000071e2', current_date - 700, 99.5, 'PER_DEVICE', 25, now(), now()
FROM bench_report_client
;;
INSERT INTO report_settings (client_id, downtime_cost_per_hour, currency, sla_compliance_target, version, updated_by, updated_at)
SELECT id, 1200, 'EUR', 95, 1, 'bench', now() FROM bench_report_client
;;
CREATE TEMP TABLE bench_site AS
SELECT g AS idx, gen_random_uuid() AS id FROM generate_series(1, 20) g
;;
INSERT INTO site (id, client_id, name, created_at, updated_at)
SELECT s.id, c.id, 'Site ' || lpad(s.idx::text, 2, '0'), now(), now() FROM bench_site s CROSS JOIN bench_report_client c
;;
CREATE TEMP TABLE bench_device AS
SELECT g AS idx, gen_random_uuid() AS id, 1 + g % 20 AS site_idx, random() AS r
FROM generate_series(1, :devices) g
;;
INSERT INTO device (id, client_id, site_id, hostname, os, public_key, key_fingerprint, status, criticality, enrolled_at, approved_at)
SELECT d.id, c.id, s.id, 'host-' || lpad(d.idx::text, 5, '0'),
       (ARRAY['Windows 11', 'Windows 10', 'Windows Server 2022', 'Ubuntu 24.04', 'macOS 15'])[1 + d.idx % 5],
       'bench', 'bench-' || d.id, 'APPROVED', CASE WHEN d.idx % 10 = 0 THEN 'CRITICAL' ELSE 'NORMAL' END,
       now() - (d.r * interval '1500 days'), now() - (d.r * interval '1500 days')
FROM bench_device d JOIN bench_site s ON s.idx = d.site_idx CROSS JOIN bench_report_client c
;;
-- Three devices in ten go offline once in the month, for 5 minutes to 10 hours; one in a hundred stays offline.
INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, resolved_at, last_value)
SELECT gen_random_uuid(), d.id, c.id, '00000000-0000-4000-8000-0000000a1e00', '',
       CASE WHEN d.idx % 100 = 0 THEN 'OPEN' ELSE 'RESOLVED' END, o.at,
       CASE WHEN d.idx % 100 = 0 THEN NULL ELSE o.at + (5 + floor(random() * 595)) * interval '1 minute' END, 1
FROM bench_device d CROSS JOIN bench_report_client c
CROSS JOIN LATERAL (SELECT timestamptz ':month_start' + random() * (timestamptz ':month_end' - timestamptz ':month_start') AS at) o
WHERE d.idx % 10 < 3
;;
INSERT INTO maintenance_window (id, client_id, device_id, starts_at, ends_at, reason, created_by, created_at)
SELECT gen_random_uuid(), c.id, NULL, timestamptz ':month_start' + (w * 7 + 2) * interval '1 day',
       timestamptz ':month_start' + (w * 7 + 2) * interval '1 day' + interval '3 hours', 'Patch night', 'bench', timestamptz ':month_start'
FROM bench_report_client c CROSS JOIN generate_series(0, 3) w
;;
-- Daily rollups of disk, CPU and memory use per device over the month.
INSERT INTO metric_hour (device_id, client_id, metric, instance, bucket, min, max, sum, count)
SELECT d.id, c.id, m.metric, m.instance, b.bucket, v.value, v.value, v.value, 1
FROM bench_device d CROSS JOIN bench_report_client c
CROSS JOIN (VALUES ('fs.used_pct', 'C:'), ('cpu.utilization', ''), ('memory.used_pct', '')) m(metric, instance)
CROSS JOIN LATERAL generate_series(date_trunc('day', timestamptz ':month_start'), timestamptz ':month_end' - interval '1 day', interval '1 day') b(bucket)
CROSS JOIN LATERAL (SELECT CASE WHEN m.metric = 'fs.used_pct'
                                THEN least(100, 30 + d.r * 40 + (d.idx % 7) * 0.1 * extract(day FROM b.bucket))
                                ELSE 10 + random() * 60 + CASE WHEN d.idx % 50 = 0 THEN 30 ELSE 0 END END AS value) v
;;
CREATE TEMP TABLE bench_ticket AS
SELECT g, gen_random_uuid() AS id,
       timestamptz ':month_start' + random() * (timestamptz ':month_end' - timestamptz ':month_start' - interval '1 hour') AS opened_at,
       1 + floor(random() * 4)::int AS priority, random() AS r_reply, random() AS r_resolve, random() AS r_len,
       1 + g % 20 AS site_idx
FROM generate_series(1, :tickets) g
;;
INSERT INTO ticket (id, client_id, site_id, type, title, category, impact, urgency, priority, status, source, opened_at,
                    first_response_at, resolved_at, created_at, updated_at)
SELECT t.id, c.id, s.id, CASE WHEN t.g % 200 = 0 THEN 'CHANGE' WHEN t.g % 3 = 0 THEN 'SERVICE_REQUEST' ELSE 'INCIDENT' END,
       'Bench ticket ' || t.g, (ARRAY['Hardware', 'Software', 'Network', 'Access', 'Printing', 'Email', 'Backup', 'Security', 'Phones', 'Other'])[1 + t.g % 10],
       2, 2, t.priority, CASE WHEN t.r_resolve < 0.96 THEN 'RESOLVED' ELSE 'IN_PROGRESS' END,
       (ARRAY['PORTAL', 'API', 'PHONE', 'EMAIL', 'ALERT', 'WEB'])[1 + t.g % 6], t.opened_at,
       CASE WHEN t.r_reply < 0.95 THEN t.opened_at + (2 + t.r_len ^ 4 * 45) * interval '1 minute' END,
       CASE WHEN t.r_resolve < 0.96 THEN t.opened_at + (30 + t.r_len ^ 6 * 3000) * interval '1 minute' END,
       t.opened_at, t.opened_at
FROM bench_ticket t JOIN bench_site s ON s.idx = t.site_idx CROSS JOIN bench_report_client c
-- In the order a live system writes them: by the time they happened, so the table's pages hold each stretch of time
-- together as they would in production (inserted in random order, a month's range read touched a page per row).
ORDER BY t.opened_at
;;
INSERT INTO ticket_event (ticket_id, client_id, at, actor, staff, kind, field, old_value, new_value, body)
SELECT * FROM (
    SELECT t.id, c.id, t.opened_at, 'bench', true, 'CREATED', 'priority', NULL, 'P' || t.priority, NULL
    FROM bench_ticket t CROSS JOIN bench_report_client c
    UNION ALL
    SELECT t.id, c.id, t.opened_at + (2 + t.r_len ^ 4 * 45) * interval '1 minute', 'bench', true, 'PUBLIC_REPLY', NULL, NULL, NULL, 'On it'
    FROM bench_ticket t CROSS JOIN bench_report_client c WHERE t.r_reply < 0.95
    UNION ALL
    SELECT t.id, c.id, t.opened_at + (30 + t.r_len ^ 6 * 3000) * interval '1 minute', 'bench', true, 'STATUS_CHANGED', 'status', 'IN_PROGRESS', 'RESOLVED', NULL
    FROM bench_ticket t CROSS JOIN bench_report_client c WHERE t.r_resolve < 0.96) AS e (ticket_id, client_id, at, actor, staff, kind, field, old_value, new_value, body)
-- Events as a live system appends them: in time order (see the tickets above).
ORDER BY at
;;
INSERT INTO change_request (ticket_id, client_id, stage, risk)
SELECT t.id, c.id, (ARRAY['IMPLEMENTED', 'REJECTED', 'SCHEDULED', 'REVIEWED'])[1 + (t.g / 200) % 4], (ARRAY['LOW', 'MEDIUM', 'HIGH'])[1 + (t.g / 200) % 3]
FROM bench_ticket t CROSS JOIN bench_report_client c WHERE t.g % 200 = 0
;;
-- The month's capacity sums, as the server's capacity-month pass keeps them: the rollups above were written after any
-- pass of the server ran, so they are summed here (the server reads the sums, not the hourly rows, for an ended month).
SELECT steward_capacity_fold(id, (timestamptz ':month_start' AT TIME ZONE time_zone)::date, timestamptz ':month_start',
                             timestamptz ':month_end', timestamptz ':month_end')
FROM bench_report_client
;;
ANALYZE ticket
;;
ANALYZE ticket_event
;;
ANALYZE device
;;
ANALYZE alert
