-- Indexes for the ticket lists at scale (measured with 1,000,000 tickets, see BENCHMARKS.md, shape D).
--
-- The open queue, in the order the queue sorts by default (SLA due, priority, number), open tickets only: a page is
-- the first entries of this index instead of a sort of every open ticket. The included columns are those the queue's
-- filters and the row-level security policy read (client, tier, assignee, SLA columns, the full-text vector), so the
-- bounded count of a filtered queue is an index-only scan that never visits the table.
CREATE INDEX ticket_open_queue_idx ON ticket (sla_resolution_due, priority, number)
    INCLUDE (client_id, status, tier, assignee_id, sla_state, sla_breached_at, sla_response_due, sla_warn_at, search)
    WHERE status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_ON_CLIENT');

-- One client's tickets in any status in the same order (status=all&clientId=...), without sorting the client's history.
CREATE INDEX ticket_client_due_idx ON ticket (client_id, sla_resolution_due, priority, number);

-- Same meaning as in V1, written so that the planner can estimate it. Every tenant table's policy inlines this
-- function; as "current_setting(...) = 'on'" the planner gave the policy a selectivity of 0.5 % (its default for an
-- equality it cannot look up), so it expected ~160 of 32,000 open tier-2 tickets, preferred sorting them all over
-- reading the queue index in order, and a page took ~200 ms instead of ~2 ms. A CASE is estimated as a boolean of
-- unknown value (50 %), which keeps the ordered index read for large lists.
CREATE OR REPLACE FUNCTION steward_sees_client(c uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS
$fn$
SELECT CASE WHEN coalesce(current_setting('steward.all_clients', true), 'off') = 'on' THEN true ELSE false END
    OR c = ANY (coalesce(nullif(current_setting('steward.client_ids', true), ''), '{}')::uuid[])
$fn$;
