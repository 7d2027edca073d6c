/**
 * Shapes A–C of the benchmark protocol: an agent simulator that enrolls many devices through a
 * real enrollment token and sends signed metric batches ({@code agents}), and a probe that
 * measures how long a breaching sample takes to become a visible incident ({@code alert-latency}).
 * Both speak protocol v1 exactly as the real agent does (Ed25519-signed canonical requests,
 * monotonic sequence numbers, pinned TLS), but with many identities in one process.
 */
package io.steward.bench.agents;
