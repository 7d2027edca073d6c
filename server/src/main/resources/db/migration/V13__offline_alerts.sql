-- The built-in offline policy: no heartbeat for three intervals. Evaluated by the scheduler, not on samples.
INSERT INTO alert_policy (id, client_id, name, metric, comparison, threshold, recovery_threshold, severity, created_at) VALUES
  ('00000000-0000-4000-8000-0000000a1e00', NULL, 'Device offline', 'agent.offline', 'ABOVE', 0, 0, 'CRITICAL', now());
CREATE INDEX device_last_seen_idx ON device (last_seen_at) WHERE status = 'APPROVED';
