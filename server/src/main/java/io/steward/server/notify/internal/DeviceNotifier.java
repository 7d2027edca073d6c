package io.steward.server.notify.internal;

import io.steward.server.devices.DeviceAwaitsApproval;
import io.steward.server.notify.NotificationKind;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the service managers and MSP admins serving a client that one of its devices waits for approval; in the enrolling transaction. */
@Component
class DeviceNotifier {
    private final Notifier notifier;
    private final Audience audience;

    DeviceNotifier(Notifier notifier, Audience audience) {
        this.notifier = notifier;
        this.audience = audience;
    }

    @EventListener
    void on(DeviceAwaitsApproval e) {
        String message = "Device " + e.hostname() + " of " + audience.clientName(e.clientId()) + " enrolled and waits for approval"
                + (e.flag() == null ? "" : ": " + e.flag());
        notifier.tell(NotificationKind.DEVICE_APPROVAL, e.clientId(), audience.approvers(e.clientId()), null, message, null,
                "/devices/" + e.deviceId().value());
    }
}
