package io.steward.server.servicedesk;

/** ITIL 4 record types. Client users raise incidents and service requests only. */
public enum TicketType { INCIDENT, SERVICE_REQUEST, CHANGE, PROBLEM }
