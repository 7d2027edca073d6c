-- Indexes for the dashboards at 1,000,000 tickets (reporting.dashboard.DashboardQueries). Both include the client so
-- the scope condition and the row-level security policy are answered from the index without visiting the table.

-- "SLA breaches today": tickets (any status) whose breach was recorded since midnight; only breached tickets are indexed.
CREATE INDEX ticket_breached_idx ON ticket (sla_breached_at) INCLUDE (client_id) WHERE sla_breached_at IS NOT NULL;

-- "Top clients by ticket volume": tickets opened in the last N days, counted per client (also the queue's openedFrom).
CREATE INDEX ticket_opened_idx ON ticket (opened_at) INCLUDE (client_id);
