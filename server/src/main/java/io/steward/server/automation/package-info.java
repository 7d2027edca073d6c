/**
 * Automation: the script library (immutable versions identified by their SHA-256), tasks (a script version,
 * parameter values and one client's resolved devices) requested and approved by two different people with their
 * passkeys, standard (pre-approved) changes, delivery of signed orders to agents, their results, and remediation of
 * alerts with standard scripts.
 * Invariant: the server never signs an order. Orders are signed by the signer (module {@code signer/}, its own
 * process), which checks the passkey assertions against its own keyring and limits; agents verify the signer's
 * signature with the key they pinned at enrollment and obey their local policy. Neither this module's tables nor
 * the server's code can make an agent run anything.
 */
package io.steward.server.automation;
