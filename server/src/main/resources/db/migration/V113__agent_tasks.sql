-- Agent task delivery (issue 17, AGENT part).
-- The built-in alert policy under which a refused task is raised on its device: a refusal is a security event (a
-- forged, replayed, expired or out-of-policy order reached an agent). Raised by automation through alerting's API,
-- never evaluated on samples (PolicyCache leaves it out, as the offline policy).
INSERT INTO alert_policy (id, client_id, name, metric, comparison, threshold, recovery_threshold, severity, created_at) VALUES
  ('00000000-0000-4000-8000-0000000a1e17', NULL, 'Task refused by the agent', 'agent.task_refused', 'ABOVE', 0, 0, 'CRITICAL', now());

-- Dispatch looks for a device's deliverable runs and for a task's runs in flight.
CREATE INDEX task_run_task_state_idx ON task_run (task_id, state);
