-- Tasks (issue 17, TASKS part): what the task pages need beyond V110.
-- script_name: the script's name as it was signed (a later rename of the script must not void an approval).
-- requested_by_name / approved_by_name: who asked and who decided, as they were named then (the pages show them
-- without reading identity's tables).
-- change_ticket_id: the change ticket a task of a client's devices is tied to (ticket_id is the ticket it was raised
-- from; both get the run results as internal notes).
ALTER TABLE task ADD COLUMN script_name text NOT NULL DEFAULT '';
ALTER TABLE task ADD COLUMN requested_by_name text NOT NULL DEFAULT '';
ALTER TABLE task ADD COLUMN approved_by_name text;
ALTER TABLE task ADD COLUMN change_ticket_id uuid REFERENCES ticket (id) ON DELETE SET NULL;
CREATE INDEX task_change_ticket_idx ON task (change_ticket_id) WHERE change_ticket_id IS NOT NULL;
