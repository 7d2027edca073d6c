package io.steward.server.tenancy;

/** Whether the MSP currently serves the client. */
public enum ClientStatus { ACTIVE, INACTIVE }
