package io.steward.server.backup.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.steward.protocol.backup.RestoreTest;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Records a finished restore test without a task (demo data): prepared and finished at {@code at}. */
@Component
public class RestoreRecorder {
    private final RestoreRepository restores;

    RestoreRecorder(RestoreRepository restores) {
        this.restores = restores;
    }

    @Transactional
    public boolean record(ClientId client, DeviceId device, LocalDate periodStart, RestoreTest.Result result, int sample, int rtoMinutes, Instant at) {
        UUID id = UUID.randomUUID();
        if (!restores.prepared(id, device, client, result.job(), periodStart, null, sample, rtoMinutes, at.minusMillis(result.millis()))) {
            return false;
        }
        restores.finished(id, result, at);
        return true;
    }
}
