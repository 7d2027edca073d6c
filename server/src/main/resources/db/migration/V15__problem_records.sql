-- ITIL problem records: what a problem ticket found out. A problem with a root cause and a
-- workaround recorded is a known error, and the incidents linked to it show the workaround.
CREATE TABLE problem_record (
    ticket_id   uuid PRIMARY KEY REFERENCES ticket (id) ON DELETE CASCADE,
    client_id   uuid        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    root_cause  text        NOT NULL DEFAULT '' CHECK (length(root_cause) <= 20000),
    workaround  text        NOT NULL DEFAULT '' CHECK (length(workaround) <= 20000),
    known_error boolean     NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL
);

ALTER TABLE problem_record ENABLE ROW LEVEL SECURITY;
ALTER TABLE problem_record FORCE ROW LEVEL SECURITY;
CREATE POLICY problem_record_tenant ON problem_record USING (steward_sees_client(client_id)) WITH CHECK (steward_sees_client(client_id));
