/**
 * SLA clocks of a ticket: targets, the events that start, pause, stop and reopen the clocks, and the evaluation
 * of an event history into {@link io.steward.server.servicedesk.sla.SlaStatus}. Used by the service desk only.
 */
package io.steward.server.servicedesk.sla;
