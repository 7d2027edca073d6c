/**
 * Telling people what needs them: in-app notifications now, email and webhooks later. This module
 * only listens to other modules' events; nothing depends on it.
 */
package io.steward.server.notify;
