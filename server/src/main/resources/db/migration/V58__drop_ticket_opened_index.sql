-- Every ticket index is written by every ticket create, the service desk's hottest write. The dashboard's "top
-- clients by volume" now counts per client over ticket_client_opened_idx (V47), which the monthly report needs
-- anyway, so the all-clients index on the opening time (V50) is no longer worth its write.
DROP INDEX ticket_opened_idx;
