-- The SLA watch runs every few seconds. It used to find due moments by scanning every RUNNING ticket and
-- anti-joining sla_alert: with 1,000,000 tickets that is ~0.7 s of PostgreSQL time per run, most of a core.
-- Each ticket now remembers the due instant it last announced per kind, and two partial indexes hold only the
-- moments not announced yet, so a run reads a handful of index entries.
ALTER TABLE ticket ADD COLUMN sla_breach_noted timestamptz;
ALTER TABLE ticket ADD COLUMN sla_warn_noted timestamptz;

-- The owner role is subject to the forced row-level security too; the backfill must see every client.
SELECT set_config('steward.all_clients', 'on', true);

UPDATE ticket t SET sla_breach_noted = a.due_at
  FROM sla_alert a
 WHERE a.ticket_id = t.id AND a.kind = 'BREACH' AND a.due_at = least(t.sla_response_due, t.sla_resolution_due);
UPDATE ticket t SET sla_warn_noted = a.due_at
  FROM sla_alert a
 WHERE a.ticket_id = t.id AND a.kind = 'WARNING' AND a.due_at = coalesce(t.sla_resolution_due, t.sla_response_due);

-- The expressions and predicates must stay word for word those of TicketRepository.slaMomentsDue, or the
-- planner cannot use these indexes.
CREATE INDEX ticket_sla_breach_pending_idx ON ticket (least(sla_response_due, sla_resolution_due))
 WHERE sla_state = 'RUNNING' AND sla_breach_noted IS DISTINCT FROM least(sla_response_due, sla_resolution_due);
CREATE INDEX ticket_sla_warn_pending_idx ON ticket (sla_warn_at)
 WHERE sla_state = 'RUNNING' AND sla_warn_noted IS DISTINCT FROM coalesce(sla_resolution_due, sla_response_due);

-- Every index is written by every ticket create. These three are covered by others: the open-queue index of V7
-- (sla_resolution_due first, tier and status included) serves the open-ticket and tier queues, and
-- ticket_client_due_idx (client_id first) serves one client's tickets.
DROP INDEX ticket_open_due_idx;
DROP INDEX ticket_queue_idx;
DROP INDEX ticket_client_status_idx;
