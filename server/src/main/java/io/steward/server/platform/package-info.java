/**
 * Runtime plumbing every module stands on: the home directory, the embedded or external
 * PostgreSQL with its two roles, migrations, the tenant-scoped connection pool, the clock,
 * request ids and body limits. It holds no business rules.
 */
package io.steward.server.platform;
