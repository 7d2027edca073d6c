-- Runs after every migrate, as the owner, for the runtime role configured now (it may differ from
-- the one configured when the tables were made). The runtime role reads and writes the tables,
-- row-level security still applies to it, and it may only append to and read the audit log.
GRANT USAGE ON SCHEMA public TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app_role};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${app_role};
REVOKE ALL ON flyway_schema_history FROM ${app_role};
GRANT EXECUTE ON FUNCTION steward_sees_client(uuid) TO ${app_role};
GRANT EXECUTE ON FUNCTION steward_telemetry_partitions(timestamptz, integer, integer, integer, integer) TO ${app_role};
GRANT EXECUTE ON FUNCTION steward_capacity_fold(uuid, date, timestamptz, timestamptz, timestamptz) TO ${app_role};
