package io.steward.server.devices;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Decides whether a device belongs to a rule group: every criterion the rule names must hold (the
 * OS name contains {@code os}, case-insensitive; the device is at {@code siteId}; it carries every
 * tag in {@code tags}). A rule that names nothing matches nothing, so a half-filled form never
 * sweeps the whole fleet into a group.
 */
public record GroupRule(String os, UUID siteId, Set<String> tags) {

    public GroupRule {
        os = os == null || os.isBlank() ? null : os.strip();
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    public boolean isEmpty() {
        return os == null && siteId == null && tags.isEmpty();
    }

    public boolean matches(String deviceOs, UUID deviceSite, Set<String> deviceTags) {
        if (isEmpty()) {
            return false;
        }
        if (os != null && (deviceOs == null || !deviceOs.toLowerCase(Locale.ROOT).contains(os.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (siteId != null && !siteId.equals(deviceSite)) {
            return false;
        }
        return deviceTags != null && deviceTags.containsAll(tags);
    }
}
