/** JMH benchmarks of the SLA engine (shape E of the benchmark protocol). */
package io.steward.bench.sla;
