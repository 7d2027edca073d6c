-- The three tiers every MSP starts from; admins change them or add their own.
INSERT INTO coverage_calendar (id, name, time_zone, always_on, periods, holidays, created_at, updated_at)
VALUES ('00000000-0000-4000-8000-00000000ca01', 'Business hours (client time, Mon-Fri 08:00-18:00)', NULL, false,
        '[{"day":"MONDAY","start":"08:00","end":"18:00"},{"day":"TUESDAY","start":"08:00","end":"18:00"},
          {"day":"WEDNESDAY","start":"08:00","end":"18:00"},{"day":"THURSDAY","start":"08:00","end":"18:00"},
          {"day":"FRIDAY","start":"08:00","end":"18:00"}]',
        '[{"name":"New Year''s Day","yearly":"--01-01"},{"name":"Christmas Day","yearly":"--12-25"}]', now(), now()),
       ('00000000-0000-4000-8000-00000000ca02', '24x7', NULL, true, '[]', '[]', now(), now());

INSERT INTO service_tier (id, name, description, calendar_id, uptime_target, created_at, updated_at)
VALUES ('00000000-0000-4000-8000-0000000071e1', 'Basic', 'Business-hours support, monitoring and patching.',
        '00000000-0000-4000-8000-00000000ca01', 99.0, now(), now()),
       ('00000000-0000-4000-8000-0000000071e2', 'Standard', 'Business-hours support; P1 around the clock.',
        '00000000-0000-4000-8000-00000000ca01', 99.5, now(), now()),
       ('00000000-0000-4000-8000-0000000071e3', 'Premium', 'Fast response, P1 and P2 around the clock.',
        '00000000-0000-4000-8000-00000000ca01', 99.9, now(), now());

-- Minutes; a business day on the seeded calendar is 10 hours (600 minutes).
INSERT INTO sla_target (tier_id, priority, response_minutes, resolution_minutes, around_the_clock) VALUES
  ('00000000-0000-4000-8000-0000000071e1', 1,   60,  600, false),
  ('00000000-0000-4000-8000-0000000071e1', 2,  240, 1200, false),
  ('00000000-0000-4000-8000-0000000071e1', 3,  480, 3000, false),
  ('00000000-0000-4000-8000-0000000071e1', 4, 1200, 6000, false),
  ('00000000-0000-4000-8000-0000000071e2', 1,   30,  480, true),
  ('00000000-0000-4000-8000-0000000071e2', 2,   60,  600, false),
  ('00000000-0000-4000-8000-0000000071e2', 3,  240, 1800, false),
  ('00000000-0000-4000-8000-0000000071e2', 4,  480, 6000, false),
  ('00000000-0000-4000-8000-0000000071e3', 1,   15,  240, true),
  ('00000000-0000-4000-8000-0000000071e3', 2,   30,  480, true),
  ('00000000-0000-4000-8000-0000000071e3', 3,  120, 1200, false),
  ('00000000-0000-4000-8000-0000000071e3', 4,  240, 3000, false);
