-- The auto-close task looks for resolved tickets every five minutes; without an index that is a scan of every
-- ticket (0.6 s at 1,000,000 tickets). Resolved is a passing state (closed a few days later), so this partial index
-- stays small and is never written by a ticket create.
CREATE INDEX ticket_resolved_idx ON ticket (resolved_at) WHERE status = 'RESOLVED';
