-- Service-desk benchmark data (shape D): 200 clients with a contract each and 1,000,000 tickets over two years.
-- Run as the owner role after SELECT set_config('steward.all_clients', 'on', false): the tables FORCE row-level
-- security, so even the owner sees and writes tenant rows only through the policy. Statements are separated by
-- a line holding only ';;' so that the driver (which runs them one by one, timed) needs no SQL parser.
-- The driver puts the ticket count in place of the tickets placeholder and runs the statement with the chunk
-- placeholders once per chunk of tickets.

CREATE TEMP TABLE bench_client AS
SELECT g AS idx, gen_random_uuid() AS id, format('Bench client %s', lpad(g::text, 3, '0')) AS name,
       (ARRAY['Europe/Berlin', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo'])[1 + g % 5] AS time_zone,
       (ARRAY['00000000-0000-4000-8000-0000000071e1', '00000000-0000-4000-8000-0000000071e2',
              '00000000-0000-4000-8000-0000000071e3'])[1 + g % 3]::uuid AS tier_id
FROM generate_series(1, 200) g
;;
INSERT INTO client (id, name, time_zone, status, created_at, updated_at)
SELECT id, name, time_zone, 'ACTIVE', now() - interval '3 years', now() - interval '3 years' FROM bench_client
;;
INSERT INTO contract (id, client_id, reference, delivery_model, tier_id, starts_on, pricing_model, price_amount, created_at, updated_at)
SELECT gen_random_uuid(), id, 'MSA-' || idx, 'FULLY_MANAGED', tier_id, current_date - 3 * 365, 'PER_DEVICE', 25, now(), now()
FROM bench_client
;;
-- Staff who take tickets (technicians, managers, admins of the demo data).
CREATE TEMP TABLE bench_staff AS
SELECT row_number() OVER (ORDER BY id) AS idx, id FROM app_user WHERE role <> 'CLIENT_USER'
;;
-- One row of random draws per ticket, so that the INSERT below derives consistent columns from the same draws.
-- Clients are skewed (random()^2: a few large clients, many small ones); 85 % of tickets are resolved or closed.
CREATE TEMP TABLE bench_draw AS
SELECT g,
       1 + floor(200 * random() ^ 2)::int AS client_idx,
       random() AS r_status, random() AS r_priority, random() AS r_tier, random() AS r_type, random() AS r_assignee,
       random() AS r_sla, random() AS r_age,
       1 + floor(random() * 24)::int AS w1, 1 + floor(random() * 24)::int AS w2, 1 + floor(random() * 16)::int AS w3,
       1 + floor(random() * 12)::int AS w4
FROM generate_series(1, :tickets) g
;;
INSERT INTO ticket (id, client_id, type, title, description, category, impact, urgency, priority, status, tier, assignee_id, source,
                    opened_at, first_response_at, resolved_at, closed_at, sla_response_due, sla_resolution_due, sla_warn_at, sla_state,
                    sla_breached_at, created_at, updated_at)
SELECT gen_random_uuid(), c.id, x.type, x.title, x.title || '. Reported by the user; ' || x.thing || ' affects ' || x.place || '.', x.category,
       x.impact, x.urgency, x.priority, x.status, x.tier,
       CASE WHEN x.status = 'NEW' OR d.r_assignee < 0.1 THEN NULL ELSE s.id END,
       (ARRAY['PORTAL', 'API', 'PHONE', 'EMAIL', 'ALERT', 'WEB'])[1 + d.g % 6],
       x.opened_at,
       CASE WHEN x.status = 'NEW' THEN NULL ELSE x.opened_at + x.resp * (0.3 + d.r_sla) END,
       CASE WHEN x.open THEN NULL ELSE x.opened_at + x.res * (0.2 + d.r_sla) END,
       CASE WHEN x.status = 'CLOSED' THEN x.opened_at + x.res * (0.2 + d.r_sla) + interval '3 days' END,
       CASE WHEN x.status = 'NEW' THEN x.opened_at + x.resp END,
       CASE WHEN x.open THEN x.opened_at + x.res END,
       CASE WHEN x.open THEN x.opened_at + x.res * 0.75 END,
       CASE WHEN x.status = 'WAITING_ON_CLIENT' THEN 'PAUSED'
            WHEN x.open THEN CASE WHEN x.opened_at + x.res < now() THEN 'BREACHED' ELSE 'RUNNING' END
            WHEN d.r_sla > 0.95 THEN 'BREACHED' ELSE 'MET' END,
       CASE WHEN x.open AND x.status <> 'WAITING_ON_CLIENT' AND x.opened_at + x.res < now() THEN x.opened_at + x.res
            WHEN NOT x.open AND d.r_sla > 0.95 THEN x.opened_at + x.res END,
       x.opened_at, x.opened_at + interval '1 hour'
FROM bench_draw d
JOIN bench_client c ON c.idx = d.client_idx
JOIN bench_staff s ON s.idx = 1 + d.g % (SELECT count(*) FROM bench_staff)
CROSS JOIN LATERAL (
    SELECT st.status, st.status NOT IN ('RESOLVED', 'CLOSED') AS open, pr.priority, pr.impact, pr.urgency,
           CASE WHEN d.r_tier < 0.70 THEN 1 WHEN d.r_tier < 0.92 THEN 2 ELSE 3 END AS tier,
           CASE WHEN d.r_type < 0.60 THEN 'INCIDENT' WHEN d.r_type < 0.90 THEN 'SERVICE_REQUEST' WHEN d.r_type < 0.97 THEN 'CHANGE' ELSE 'PROBLEM' END AS type,
           -- Open tickets are recent (up to 1.3 times their resolution target old, so about a quarter of them are
           -- breached); closed ones spread over two years and closed 3 days after resolution, before now.
           now() - CASE WHEN st.status NOT IN ('RESOLVED', 'CLOSED') THEN interval '1 minute' * pr.res_min * 1.3 * d.r_age
                        -- Resolved within the auto-close period (3 days), else the auto-close task would close them during the run.
                        WHEN st.status = 'RESOLVED' THEN interval '2 days' * d.r_age + interval '1 minute' * pr.res_min * (0.2 + d.r_sla)
                        ELSE interval '730 days' * d.r_age + interval '1 minute' * pr.res_min * (0.2 + d.r_sla) + interval '3 days' END
           AS opened_at,
           interval '1 minute' * pr.resp_min AS resp, interval '1 minute' * pr.res_min AS res,
           (ARRAY['Outlook', 'VPN', 'Printer', 'Laptop', 'Teams', 'SharePoint', 'Wi-Fi', 'Firewall', 'Backup', 'Server', 'Password',
                  'Phone', 'Monitor', 'Excel', 'OneDrive', 'Scanner', 'Citrix', 'Antivirus', 'Mailbox', 'Database', 'Website', 'Router',
                  'Keyboard', 'License'])[d.w1] || ' ' ||
           (ARRAY['not working', 'very slow', 'keeps crashing', 'cannot connect', 'access denied', 'error on start', 'needs update',
                  'out of space', 'certificate expired', 'sync failing', 'locked out', 'not printing', 'request for new', 'disconnects often',
                  'shows warning', 'missing data'])[d.w3] || ' at ' ||
           (ARRAY['reception', 'head office', 'warehouse', 'accounts', 'sales floor', 'branch office', 'meeting room', 'home office',
                  'data centre', 'clinic', 'lab', 'front desk'])[d.w4] AS title,
           (ARRAY['Outlook', 'VPN', 'Printer', 'Laptop', 'Teams', 'SharePoint', 'Wi-Fi', 'Firewall', 'Backup', 'Server', 'Password',
                  'Phone', 'Monitor', 'Excel', 'OneDrive', 'Scanner', 'Citrix', 'Antivirus', 'Mailbox', 'Database', 'Website', 'Router',
                  'Keyboard', 'License'])[d.w2] AS thing,
           (ARRAY['every user', 'one user', 'the team', 'the whole site', 'the manager', 'two users'])[1 + d.w2 % 6] AS place,
           (ARRAY['Hardware', 'Software', 'Network', 'Access', 'Email', 'Other'])[1 + d.w1 % 6] AS category
    FROM (SELECT CASE WHEN d.r_status < 0.02 THEN 'RESOLVED' WHEN d.r_status < 0.85 THEN 'CLOSED' WHEN d.r_status < 0.88 THEN 'NEW'
                      WHEN d.r_status < 0.92 THEN 'ASSIGNED' WHEN d.r_status < 0.97 THEN 'IN_PROGRESS' ELSE 'WAITING_ON_CLIENT' END AS status) st,
         (SELECT v.* FROM (VALUES (1, 1, 1, 30, 480), (2, 1, 2, 60, 1200), (3, 2, 2, 240, 3000), (4, 3, 3, 480, 6000))
                 v(priority, impact, urgency, resp_min, res_min)
          WHERE v.priority = CASE WHEN d.r_priority < 0.05 THEN 1 WHEN d.r_priority < 0.20 THEN 2 WHEN d.r_priority < 0.70 THEN 3 ELSE 4 END) pr
) x
WHERE d.g > :from AND d.g <= :to
;;
-- Warnings and breaches already past were announced when they happened; without these rows the SLA watch would
-- announce tens of thousands of them (notifications included) during the measurements.
INSERT INTO sla_alert (ticket_id, client_id, kind, due_at, raised_at)
SELECT id, client_id, 'WARNING', coalesce(sla_resolution_due, sla_response_due), sla_warn_at FROM ticket
WHERE sla_state = 'RUNNING' AND sla_warn_at <= now() AND client_id IN (SELECT id FROM bench_client)
UNION ALL
SELECT id, client_id, 'BREACH', least(sla_response_due, sla_resolution_due), least(sla_response_due, sla_resolution_due) FROM ticket
WHERE sla_state = 'RUNNING' AND least(sla_response_due, sla_resolution_due) <= now() AND client_id IN (SELECT id FROM bench_client)
ON CONFLICT DO NOTHING
;;
-- The history a ticket page reads: one CREATED event per ticket (the SLA panel replays a ticket's history from it, so a
-- closed ticket found by a search needs one too).
INSERT INTO ticket_event (ticket_id, client_id, at, actor_id, actor, staff, kind, field, new_value)
SELECT t.id, t.client_id, t.opened_at, NULL, 'Bench seed', true, 'CREATED', 'priority', 'P' || t.priority
FROM ticket t WHERE t.client_id IN (SELECT id FROM bench_client)
;;
-- Replies and notes that searches read (issue 15 searches replies too): a public reply on every fourth ticket and an
-- internal note on every tenth, in words like the titles', so "printer reception" also matches through replies.
INSERT INTO ticket_event (ticket_id, client_id, at, actor_id, actor, staff, kind, body)
SELECT t.id, t.client_id, t.opened_at + interval '20 minutes', NULL, 'Bench seed', true,
       CASE WHEN t.number % 4 = 0 THEN 'PUBLIC_REPLY' ELSE 'INTERNAL_NOTE' END,
       (ARRAY['Restarted the spooler', 'Cleared the cache', 'Reset the password', 'Replaced the toner', 'Renewed the certificate',
              'Reinstalled the client', 'Moved the mailbox', 'Rebooted the switch'])[1 + t.number % 8]
       || ' at ' || (ARRAY['reception', 'the warehouse', 'the front desk', 'the lab'])[1 + t.number % 4]
       || '; the user confirmed it works. Ticket ' || t.number || '.'
FROM ticket t WHERE (t.number % 4 = 0 OR t.number % 10 = 0) AND t.client_id IN (SELECT id FROM bench_client)
;;
ANALYZE client
;;
ANALYZE contract
;;
ANALYZE ticket
;;
ANALYZE ticket_event
;;
ANALYZE sla_alert
