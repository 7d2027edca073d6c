/**
 * Telemetry from agents. Samples are validated item by item on the request's thread, queued
 * (bounded; a full queue is answered 503 with Retry-After) and stored by one batch writer that puts
 * many devices' batches into one transaction: the (device, seq) record that makes a resend a no-op,
 * the latest value per device, metric and instance, 1-minute and hourly rollups in time-partitioned
 * tables, and the devices' last contact. {@link io.steward.server.telemetry.ClientSamplesAccepted} is
 * published per client inside that transaction, so alert evaluation commits with the samples; an
 * agent is answered only after the commit. Invariant: an acknowledged batch is stored exactly once.
 */
package io.steward.server.telemetry;
