-- Finding tickets (issue 15): a search reaches a ticket through its number, its own text, its replies and notes, its
-- requester, its client or a device its alerts came from. Each way in has an index, so a search is a union of index
-- lookups that yields ticket ids, joined to the ticket by its key; no way in scans the ticket table.
-- pg_trgm is a trusted contrib extension (PostgreSQL 13+): the database owner may create it, and the embedded
-- PostgreSQL ships it. Trigram indexes serve substring matches (ILIKE '%ann%') on names, emails and hostnames.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Row-level security lets an index answer a condition only when every function in it is LEAKPROOF (else the condition
-- must wait until the policy has passed the row, i.e. a sequential scan). to_tsvector() and || are not, so what a search
-- matches is stored in a column and indexed as is; the match operators themselves (@@, ILIKE) are marked LEAKPROOF by
-- the superuser (see V70's note in the README and DatabaseConfiguration), which only a superuser may do.
-- Replies and internal notes, in the same text search configuration as the ticket's own vector.
ALTER TABLE ticket_event ADD COLUMN search tsvector GENERATED ALWAYS AS (
    CASE WHEN kind IN ('PUBLIC_REPLY', 'INTERNAL_NOTE') THEN to_tsvector('simple', left(coalesce(body, ''), 20000)) END) STORED;
CREATE INDEX ticket_event_reply_search_idx ON ticket_event USING gin (search) WHERE kind IN ('PUBLIC_REPLY', 'INTERNAL_NOTE');

ALTER TABLE contact ADD COLUMN search_text text GENERATED ALWAYS AS (first_name || ' ' || last_name || ' ' || email) STORED;
CREATE INDEX contact_search_trgm_idx ON contact USING gin (search_text gin_trgm_ops);
CREATE INDEX client_name_trgm_idx ON client USING gin (name gin_trgm_ops);
CREATE INDEX device_hostname_trgm_idx ON device USING gin (hostname gin_trgm_ops);

-- From a matching requester or device to its tickets. V65 left ticket.requester_id without an index to spare every
-- insert; searching by requester needs it, and it is partial so tickets without a requester (alerts) pay nothing.
CREATE INDEX ticket_requester_idx ON ticket (requester_id) WHERE requester_id IS NOT NULL;
CREATE INDEX alert_device_ticket_idx ON alert (device_id) INCLUDE (ticket_id) WHERE ticket_id IS NOT NULL;

-- Tried here for an external database whose migrations run as a superuser; otherwise left to the DBA (README).
DO $$
BEGIN
    ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
    ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'Ticket search: not a superuser, so @@ and ILIKE stay non-LEAKPROOF and searches scan instead of using indexes';
END $$;
