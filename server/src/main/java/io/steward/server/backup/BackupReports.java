package io.steward.server.backup;

import java.time.Instant;
import java.time.LocalDate;

import io.steward.protocol.backup.BackupMessages;
import io.steward.protocol.backup.RestoreTest;
import io.steward.server.backup.internal.BackupIntake;
import io.steward.server.backup.internal.RestoreRecorder;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.stereotype.Service;

/**
 * Stores backup data as if agents had sent it: for the demo's devices, which have no real backup tool behind them.
 * A report goes through exactly what the agent endpoint does (checks, sequence number, history, breaches); a past
 * restore test is recorded with its result as the result listener records one (without a task: there is no agent to
 * run it). Called in the device's client scope.
 */
@Service
public class BackupReports {
    private final BackupIntake intake;
    private final RestoreRecorder recorder;

    BackupReports(BackupIntake intake, RestoreRecorder recorder) {
        this.intake = intake;
        this.recorder = recorder;
    }

    public BackupMessages.ReportResponse accept(AgentDevice device, BackupMessages.Report report) {
        return intake.accept(device, report);
    }

    /** A finished restore test of the period starting {@code periodStart}, measured against {@code rtoMinutes}; once per job and period. */
    public boolean recordTest(ClientId client, DeviceId device, LocalDate periodStart, RestoreTest.Result result, int sample, int rtoMinutes, Instant at) {
        return recorder.record(client, device, periodStart, result, sample, rtoMinutes, at);
    }
}
