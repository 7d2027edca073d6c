/**
 * Telling people what needs them: in-app notifications now, email and webhooks later. This module
 * listens to other modules' events; the reporting module also sends through {@link io.steward.server.notify.NotificationService#send}.
 */
package io.steward.server.notify;
