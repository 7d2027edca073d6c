/**
 * The MSP's clients (the tenants), their sites and their contacts. Every operation takes the
 * acting {@link io.steward.server.shared.Viewer} first and sees only the clients in its scope;
 * an id outside the scope answers exactly like an id that does not exist.
 */
package io.steward.server.tenancy;
