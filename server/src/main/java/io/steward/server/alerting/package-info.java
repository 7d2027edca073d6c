/**
 * Alerting: policies on metrics (comparison, aggregation over a window, a "for" duration and a
 * recovery threshold for hysteresis) scoped default, client, site, device group or device with
 * exclusions; evaluated in memory on every accepted batch, one open alert per device, policy and
 * instance, flapping damped; maintenance windows (one-off and weekly) and offline devices page
 * nobody; the events that turn alerts into incidents ({@link io.steward.server.alerting.AlertRaised})
 * and close them again ({@link io.steward.server.alerting.AlertCleared}); and the daily disk-fill
 * forecast ({@link io.steward.server.alerting.DiskFillPredicted}).
 */
package io.steward.server.alerting;
