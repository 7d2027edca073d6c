package io.steward.server.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the security pages and API show. */
public final class SecurityViews {
    private SecurityViews() {
    }

    /** A check's latest result on a device. */
    public record Result(UUID deviceId, String check, String status, String evidence, Instant observedAt, Instant evaluatedAt,
                         Instant receivedAt, Instant lastPassAt) {
    }

    /** A failing episode: open while {@code fixedAt} is null; {@code beganFrom} says where {@code beganAt} comes from. */
    public record Episode(UUID id, UUID deviceId, String hostname, String check, Instant beganAt, String beganFrom, Instant detectedAt,
                          Instant fixedAt, String evidence, String lastEvidence, String fixedEvidence, UUID incidentId) {
        public boolean open() {
            return fixedAt == null;
        }
    }

    /** One device's row of the client's matrix: the latest status per check id (absent: never reported). */
    public record DeviceRow(UUID deviceId, String hostname, java.util.Map<String, String> statuses, int failing) {
    }

    /** The month's detection and repair times, in minutes (null when nothing was detected or fixed). */
    public record Times(String month, int detected, Long mttdMedianMinutes, Long mttdMeanMinutes, int fixed, Long mttrMedianMinutes,
                        Long mttrMeanMinutes, int stillOpen) {
        public static Times of(String month, DetectionTimes.Month m) {
            return new Times(month, m.detected(), m.mttd().medianMinutes(), m.mttd().meanMinutes(), m.mttr().count(), m.mttr().medianMinutes(),
                    m.mttr().meanMinutes(), m.stillOpen());
        }
    }

    /** A client's security: the checks, the devices x checks matrix, the open episodes, the month's times. */
    public record ClientSecurity(UUID clientId, String clientName, List<String> checks, List<DeviceRow> devices, List<Episode> openEpisodes,
                                 Times times) {
    }

    /** A device's security: each check's latest result and its episode history, newest first. */
    public record DeviceSecurity(UUID deviceId, UUID clientId, String hostname, List<Result> results, List<Episode> episodes) {
    }
}
