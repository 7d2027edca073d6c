/**
 * Users, roles, sign-in, sessions, multi-factor authentication and API tokens. The facade
 * {@link io.steward.server.identity.UserDirectory} manages accounts; everything that
 * authenticates a request lives in {@code internal}.
 */
package io.steward.server.identity;
