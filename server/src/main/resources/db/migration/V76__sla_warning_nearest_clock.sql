-- An SLA warning belongs to the running clock that breaches first. It used to be keyed on the resolution's due
-- instant whenever the resolution clock ran, so the warning at 75 % of a 15-minute response target announced the
-- resolution's due time, and the resolution's own warning after the first response was never announced (same key).
-- The key is now the nearest running due instant, as for breaches.

-- The owner role is subject to the forced row-level security too; the backfill must see every client.
SELECT set_config('steward.all_clients', 'on', true);

-- Warnings already announced under the old key stay announced.
UPDATE ticket SET sla_warn_noted = least(sla_response_due, sla_resolution_due)
 WHERE sla_warn_noted IS NOT NULL AND sla_warn_noted = coalesce(sla_resolution_due, sla_response_due);

-- The expressions and predicates must stay word for word those of TicketScheduleRepository.SLA_MOMENTS_DUE.
DROP INDEX ticket_sla_warn_pending_idx;
CREATE INDEX ticket_sla_warn_pending_idx ON ticket (sla_warn_at)
 WHERE sla_state = 'RUNNING' AND sla_warn_noted IS DISTINCT FROM least(sla_response_due, sla_resolution_due);
