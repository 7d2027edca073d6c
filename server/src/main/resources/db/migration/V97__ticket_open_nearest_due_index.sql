-- The SLA board and the client page list open tickets by the running clock that breaches first,
-- least(response due, resolution due), none running last. Without an index that is a sort of every open ticket
-- (~150,000 at 1,000,000 tickets: a parallel scan of ~0.9 s on two busy cores); with it the board reads its first
-- 200 entries (~13 ms, see BENCHMARKS.md). The expression and the ORDER BY of TicketRepository's nearestDue sort
-- must stay the same word for word (ASC NULLS LAST, then number). Open tickets only, like ticket_open_queue_idx:
-- both due columns are in that index already, so a change of either was never a HOT update.
CREATE INDEX ticket_open_nearest_due_idx ON ticket (least(sla_response_due, sla_resolution_due), number)
    WHERE status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_ON_CLIENT');
