-- Indexes behind foreign keys that deleting a ticket or a client follows into large tables. Without them, each
-- deleted ticket scanned the whole referencing table: removing 15,000 tickets read 2.3 billion notification rows.
-- Partial, so rows without the reference cost no index write. Left without an index on purpose: ticket.site_id and
-- ticket.requester_id, since every ticket create would pay for it and deleting a site or a contact is rare (one
-- scan of the ticket table, under a second with 1,000,000 tickets).
CREATE INDEX notification_ticket_idx ON notification (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX notification_client_idx ON notification (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX alert_ticket_idx ON alert (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX disk_forecast_ticket_idx ON disk_forecast (ticket_id) WHERE ticket_id IS NOT NULL;
