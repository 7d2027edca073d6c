/**
 * Contracts and service tiers: what the MSP promises each client. A tier holds an SLA policy
 * (response and resolution targets per priority, in business or calendar time) and a coverage
 * calendar; a contract binds a client to a tier for a period, optionally with its own calendar.
 * The calendar arithmetic ({@link io.steward.server.contracts.BusinessTime}) is plain Java.
 */
package io.steward.server.contracts;
