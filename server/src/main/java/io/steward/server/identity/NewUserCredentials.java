package io.steward.server.identity;

/** A created user and the one-time password to hand over; shown once, must be changed at first sign-in. */
public record NewUserCredentials(UserAccount user, String oneTimePassword) {
}
