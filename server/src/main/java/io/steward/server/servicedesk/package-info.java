/**
 * Service desk: tickets (incidents, requests, changes, problems), queues, assignment, escalation and the SLA
 * clocks that measure the MSP's response and resolution against the client's contract.
 *
 * <p>The SLA engine ({@link io.steward.server.servicedesk.sla.SlaClock}) is plain Java without Spring: a pure
 * function from a ticket's SLA event history and its coverage calendar to the state of both clocks, so that a
 * status can be replayed and explained at any time.
 */
package io.steward.server.servicedesk;
