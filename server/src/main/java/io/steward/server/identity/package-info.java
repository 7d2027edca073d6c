/**
 * Users, roles, sign-in, sessions, multi-factor authentication, passkeys and API tokens. The facade
 * {@link io.steward.server.identity.UserDirectory} manages accounts, {@link io.steward.server.identity.PasskeyDirectory}
 * answers for people's passkeys; everything that authenticates a request lives in {@code internal}.
 */
package io.steward.server.identity;
