-- A change has one lifecycle: once its window opens it is IMPLEMENTING (the ticket in progress); before that it is
-- SCHEDULED, and its ticket is new, or assigned only when somebody is assigned.
ALTER TABLE change_request DROP CONSTRAINT change_request_stage_check;
ALTER TABLE change_request ADD CONSTRAINT change_request_stage_check
    CHECK (stage IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'SCHEDULED', 'IMPLEMENTING', 'IMPLEMENTED', 'REVIEWED'));
DROP INDEX change_request_window_idx;
CREATE INDEX change_request_window_idx ON change_request (window_start) WHERE stage IN ('SCHEDULED', 'IMPLEMENTING', 'IMPLEMENTED');

-- Approved changes showed "assigned" with nobody assigned and scheduled ones "in progress" before their window:
-- bring the tickets of changes not yet implemented to the status their stage implies.
UPDATE ticket t SET status = CASE WHEN t.assignee_id IS NULL THEN 'NEW' ELSE 'ASSIGNED' END
FROM change_request c
WHERE c.ticket_id = t.id AND c.stage IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED')
  AND t.status <> CASE WHEN t.assignee_id IS NULL THEN 'NEW' ELSE 'ASSIGNED' END;
