package io.steward.server.contracts;

/** How a contract is billed; amounts are kept for the billing work to come. */
public enum PricingModel { PER_DEVICE, PER_USER, TIERED, FLAT_FEE }
