/**
 * Endpoints under management: enrollment tokens, the device registry (pending, approved,
 * retired), inventory, and the verification of every signed agent request. The agent's identity
 * comes from its Ed25519 key; the body never names the device.
 */
package io.steward.server.devices;
