/** One task to many simulated online agents: approval to start (issue 17). */
package io.steward.bench.tasks;
