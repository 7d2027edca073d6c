-- A history row reaches its client through its ticket: deleting a client deletes its tickets, and each ticket its
-- history (ticket_event_ticket_id_fkey cascades). The second key, straight to client, added nothing but a check on
-- every history row written, and with a client table of a few pages PostgreSQL runs that check as a scan of the
-- whole table (about a tenth of the database's CPU per ticket create). client_id stays: row-level security and the
-- monthly report's (client_id, at) index use it, and every insert takes it from the ticket row.
ALTER TABLE ticket_event DROP CONSTRAINT ticket_event_client_id_fkey;
