package io.steward.server.telemetry.web;

import java.util.List;
import java.util.Map;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.Messages;
import io.steward.server.shared.AgentDevice;
import io.steward.server.shared.AgentEndpoint;
import io.steward.server.telemetry.BatchRejected;
import io.steward.server.telemetry.IngestBusy;
import io.steward.server.telemetry.TelemetryService;
import org.springframework.stereotype.Component;

/**
 * The agent's metric batches (protocol v1), answered only once the batch is committed. A resend of
 * a stored batch is answered 200 with {@code accepted: 0} and the header {@value #ALREADY_STORED}.
 * A batch of which no sample can be stored is 400 with each sample's reason (do not resend); a full
 * queue is 503 with Retry-After (resend later).
 */
@Component
class MetricsEndpoint implements AgentEndpoint<Messages.MetricBatch> {
    static final String ALREADY_STORED = "Steward-Already-Stored";

    private final TelemetryService telemetry;

    MetricsEndpoint(TelemetryService telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public String path() {
        return AgentProtocol.METRICS_PATH;
    }

    @Override
    public Class<Messages.MetricBatch> bodyType() {
        return Messages.MetricBatch.class;
    }

    @Override
    public Answer answer(AgentDevice device, Messages.MetricBatch batch) {
        try {
            TelemetryService.Ingested ingested = telemetry.ingest(device, batch);
            Answer ok = Answer.ok(ingested.response());
            return ingested.alreadyStored() ? ok.withHeader(ALREADY_STORED, "true") : ok;
        } catch (BatchRejected e) {
            List<FieldError> errors = e.rejected().entrySet().stream()
                    .map(r -> new FieldError("samples[" + r.getKey() + "]", r.getValue())).toList();
            return Answer.problem(400, e.getMessage(), errors, Map.of());
        } catch (IngestBusy e) {
            return Answer.problem(503, e.getMessage(), List.of(), Map.of("Retry-After", Integer.toString(e.retryAfterSeconds())));
        }
    }
}
