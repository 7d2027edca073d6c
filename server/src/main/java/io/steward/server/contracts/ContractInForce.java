package io.steward.server.contracts;

/** A client's contract in force on a day, with the name of its service tier (see {@link ContractService#inForce}). */
public record ContractInForce(Contract contract, String tierName) {
}
