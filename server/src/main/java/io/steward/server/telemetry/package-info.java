/**
 * Telemetry from agents: samples are validated item by item and stored as the latest value per
 * device, metric and instance. The batching ingest pipeline, rollups and retention come next.
 */
package io.steward.server.telemetry;
