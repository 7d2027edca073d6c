-- Remediation from alerts (issue 17): an incident that a standard script fixed without a person is marked with the
-- task that fixed it, when its alert cleared after the script succeeded. The monthly report counts these and the
-- minutes they saved against the month's mean time to resolve incidents by hand.
ALTER TABLE ticket ADD COLUMN remediated_by_task uuid REFERENCES task (id) ON DELETE SET NULL;
ALTER TABLE ticket ADD COLUMN remediated_at timestamptz;
CREATE INDEX ticket_remediated_idx ON ticket (client_id, remediated_at) WHERE remediated_at IS NOT NULL;
CREATE INDEX ticket_remediated_task_idx ON ticket (remediated_by_task) WHERE remediated_by_task IS NOT NULL;
