package io.steward.server.servicedesk;

/** Where a ticket came from. */
public enum TicketSource { PORTAL, API, PHONE, EMAIL, ALERT, WEB }
