/** Outbound webhooks under load: delivery rate to a slow receiver and its effect on ticket writes. */
package io.steward.bench.webhooks;
