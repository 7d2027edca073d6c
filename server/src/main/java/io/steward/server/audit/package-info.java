/**
 * The append-only, hash-chained audit log of security-relevant actions. Other modules call
 * {@link io.steward.server.audit.AuditLog#record} inside their transaction before they change
 * anything, so an action without its audit entry cannot commit.
 */
package io.steward.server.audit;
