/**
 * Shapes A–C of the benchmark protocol: an agent simulator that enrolls many devices through a
 * real enrollment token and sends signed metric batches ({@code agents}), and a probe that
 * measures how long a breaching sample takes to become a visible incident ({@code alert-latency}).
 * Both speak protocol v1 exactly as the real agent does (Ed25519-signed canonical requests,
 * monotonic sequence numbers, pinned TLS), but with many identities in one process. With
 * {@code --channel stream} ({@link io.steward.bench.agents.StreamSimulator}, shapes A' and B'),
 * each simulated agent enrolls over v1 and then holds its own protocol v2 WebSocket; {@code
 * stream-sink} is a stand-in server to measure that simulator alone.
 */
package io.steward.bench.agents;
