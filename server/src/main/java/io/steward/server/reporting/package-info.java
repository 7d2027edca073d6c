/**
 * Dashboards and, later, monthly service reports and exports. Reads the other modules' tables with read-only SQL
 * (scoped by the viewer like every tenant query, under row-level security) and uses their public APIs; writes none.
 */
package io.steward.server.reporting;
