/**
 * Dashboards and, later, monthly service reports and exports. Reads other modules through their
 * APIs only.
 */
package io.steward.server.reporting;
