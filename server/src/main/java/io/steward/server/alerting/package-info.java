/**
 * Alerting: policies on metrics (threshold with a recovery threshold for hysteresis) evaluated on
 * every accepted sample, one open alert per device, policy and instance, and the events that turn
 * alerts into incidents ({@link io.steward.server.alerting.AlertRaised}) and close them again
 * ({@link io.steward.server.alerting.AlertCleared}).
 */
package io.steward.server.alerting;
