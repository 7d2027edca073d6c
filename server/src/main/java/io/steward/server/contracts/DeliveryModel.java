package io.steward.server.contracts;

/** How the MSP serves the client under a contract. */
public enum DeliveryModel { FULLY_MANAGED, CO_MANAGED, MONITORING_ONLY, PROJECT }
